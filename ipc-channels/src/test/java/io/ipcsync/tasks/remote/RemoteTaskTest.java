package io.ipcsync.tasks.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.JavaProcess;
import io.ipcsync.core.TestDirectory;
import io.ipcsync.tasks.CompletionPolicy;
import io.ipcsync.tasks.DeadlineExceededException;
import io.ipcsync.tasks.Task;
import io.ipcsync.tasks.TaskGroup;
import io.ipcsync.tasks.TaskState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class RemoteTaskTest
{
    private static final String POOL = "remote-test";
    private static final Duration LIVENESS = Duration.ofMillis(50);

    private TestDirectory directory;
    private final List<Process> workers = new ArrayList<>();
    private final List<BlockingQueue<String>> output = new ArrayList<>();

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
    }

    @AfterEach
    void tearDown() throws Exception
    {
        for (final Process worker : workers)
        {
            worker.destroyForcibly().waitFor();
        }
        directory.close();
    }

    private WorkerPool startPool(final int count) throws IOException
    {
        final WorkerPool pool = WorkerPool.open(POOL, count, directory.path(), LIVENESS);
        for (int i = 0; i < count; i++)
        {
            final Process worker = JavaProcess.start(RemoteWorkerMain.class, directory.path().toString(), POOL,
                Integer.toString(i));
            workers.add(worker);
            final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            output.add(lines);
            final Thread reader = new Thread(() ->
            {
                try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8)))
                {
                    for (String line = in.readLine(); line != null; line = in.readLine())
                    {
                        lines.add(line);
                    }
                }
                catch (final IOException ex)
                {
                    lines.add("read failed: " + ex);
                }
            });
            reader.setDaemon(true);
            reader.start();
        }
        return pool;
    }

    private static byte[] intPayload(final int value)
    {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static byte[] sleepPayload(final int id, final int millis)
    {
        return ByteBuffer.allocate(8).putInt(id).putInt(millis).array();
    }

    @Test
    void resultsComeBackFromEveryWorker() throws Exception
    {
        final Set<Long> pids = new HashSet<>();
        try (WorkerPool pool = startPool(2))
        {
            final List<Task<byte[]>> tasks = new ArrayList<>();
            try (TaskGroup group = TaskGroup.open())
            {
                for (int i = 0; i < 200; i++)
                {
                    tasks.add(pool.spawn(group, "square", intPayload(i)));
                }
            }
            for (int i = 0; i < tasks.size(); i++)
            {
                final ByteBuffer result = ByteBuffer.wrap(tasks.get(i).result());
                assertEquals(i * i, result.getInt());
                pids.add(result.getLong());
            }
        }
        assertEquals(Set.of(workers.get(0).pid(), workers.get(1).pid()), pids, "both workers ran tasks");
        for (int i = 0; i < 2; i++)
        {
            assertEquals("pool closed", output.get(i).poll(10, TimeUnit.SECONDS), "worker " + i + " stops with the pool");
        }
        assertTrue(workers.get(0).waitFor(10, TimeUnit.SECONDS));
        try (Stream<?> files = Files.list(directory.path()))
        {
            assertEquals(0, files.count(), "the pool deletes its channel files");
        }
    }

    @Test
    void aFailureInTheWorkerFailsTheTaskAndTheGroup() throws Exception
    {
        try (WorkerPool pool = startPool(1))
        {
            final TaskGroup group = TaskGroup.open();
            final Task<byte[]> failing = pool.spawn(group, "fail", new byte[0]);
            final RemoteTaskException ex = assertThrows(RemoteTaskException.class, group::close);
            assertEquals(IllegalStateException.class.getName(), ex.remoteClass());
            assertTrue(ex.getMessage().contains("failing on purpose"), ex.getMessage());
            assertEquals(TaskState.FAILED, failing.state());

            try (TaskGroup collect = TaskGroup.open(CompletionPolicy.COLLECT_ALL))
            {
                final Task<byte[]> unknown = pool.spawn(collect, "no-such-type", new byte[0]);
                unknown.await();
                assertInstanceOf(RemoteTaskException.class, unknown.error());
                assertTrue(unknown.error().getMessage().contains("unknown task type 'no-such-type'"),
                    unknown.error().getMessage());
                assertTrue(unknown.error().getMessage().contains("[square, sleep, sleepByWorker, fail]"), unknown.error().getMessage());
            }
        }
    }

    @Test
    void cancellingTheGroupCancelsTheRemoteTasks() throws Exception
    {
        try (WorkerPool pool = startPool(1))
        {
            final List<Task<byte[]>> tasks = new ArrayList<>();
            final long start;
            try (TaskGroup group = TaskGroup.open())
            {
                for (int i = 0; i < 3; i++)
                {
                    tasks.add(pool.spawn(group, "sleep", sleepPayload(i, 60_000)));
                }
                for (int i = 0; i < 3; i++)
                {
                    assertTrue(output.get(0).poll(30, TimeUnit.SECONDS).startsWith("running"), "remote task started");
                }
                start = System.nanoTime();
                group.cancel();
            }
            final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 5_000, "the group closed " + millis + " ms after cancel");
            for (final Task<byte[]> task : tasks)
            {
                assertEquals(TaskState.CANCELLED, task.state());
            }
        }
    }

    @Test
    void aDeadlineCancelsRemoteTasks() throws Exception
    {
        try (WorkerPool pool = startPool(1))
        {
            final long start = System.nanoTime();
            final TaskGroup group = TaskGroup.builder().timeout(Duration.ofMillis(1_500)).open();
            final Task<byte[]> task = pool.spawn(group, "sleep", sleepPayload(1, 60_000));
            assertThrows(DeadlineExceededException.class, group::close);
            final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(TaskState.CANCELLED, task.state());
            assertTrue(millis < 10_000, "closed after " + millis + " ms");
        }
    }

    @Test
    void aKilledWorkerFailsItsTasksAndTheOthersFinish() throws Exception
    {
        try (WorkerPool pool = startPool(2))
        {
            final List<Task<byte[]>> tasks = new ArrayList<>();
            final Set<Integer> onFirstWorker = new HashSet<>();
            final long start;
            try (TaskGroup group = TaskGroup.open(CompletionPolicy.COLLECT_ALL))
            {
                // where a task runs is up to the pool's routing: worker 0 sleeps 60 s (it is killed), worker 1 3 s
                final byte[] payload = ByteBuffer.allocate(12).putInt(4, 60_000).putInt(8, 3_000).array();
                for (int i = 0; i < 6; i++)
                {
                    tasks.add(pool.spawn(group, "sleepByWorker", ByteBuffer.allocate(12).put(payload).putInt(0, i).array()));
                }
                final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                int running = 0;
                while (running < 6 && System.nanoTime() - until < 0)
                {
                    for (int w = 0; w < 2; w++)
                    {
                        final String line = output.get(w).poll(10, TimeUnit.MILLISECONDS);
                        if (line != null)
                        {
                            assertTrue(line.startsWith("running "), "worker " + w + " printed " + line);
                            running++;
                            if (w == 0)
                            {
                                onFirstWorker.add(Integer.parseInt(line.substring("running ".length())));
                            }
                        }
                    }
                }
                assertEquals(6, running, "all six tasks started");
                assertTrue(!onFirstWorker.isEmpty() && onFirstWorker.size() < 6, "both workers got tasks: " + onFirstWorker);
                workers.get(0).destroyForcibly();
                start = System.nanoTime();
            }
            final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 15_000, "the group closed " + millis + " ms after the kill");
            for (int i = 0; i < tasks.size(); i++)
            {
                final Task<byte[]> task = tasks.get(i);
                if (onFirstWorker.contains(i))
                {
                    assertEquals(TaskState.FAILED, task.state(), "task " + i);
                    assertInstanceOf(WorkerDiedException.class, task.error());
                    assertTrue(task.error().getMessage().contains("worker 0 of pool " + POOL + ", which died"),
                        task.error().getMessage());
                }
                else
                {
                    assertEquals(TaskState.SUCCEEDED, task.state(), "task " + i + " on the live worker: " + task.error());
                }
            }
            assertEquals(1, pool.liveWorkers());
            final Task<byte[]> after;
            try (TaskGroup group = TaskGroup.open())
            {
                after = pool.spawn(group, "square", intPayload(7));
            }
            assertEquals(49, ByteBuffer.wrap(after.result()).getInt(), "new tasks go to the live worker");
        }
    }
}
