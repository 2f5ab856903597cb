package io.ipcsync.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.core.TestDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancellation reaches every task and nested group, is seen through the token and as an interrupt,
 * drops queued tasks, reports tasks that ignore it, and leaves nothing behind.
 */
@Timeout(60)
class CancellationTest
{
    private ExecutorService blocking;

    @BeforeEach
    void setUp()
    {
        blocking = Executors.newCachedThreadPool(TaskGroupTest.daemon());
    }

    @AfterEach
    void tearDown() throws InterruptedException
    {
        blocking.shutdown();
        assertTrue(blocking.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void cancelDropsQueuedTasksAndRunningOnesObserveIt()
    {
        final AtomicInteger ran = new AtomicInteger();
        final AtomicInteger observed = new AtomicInteger();
        final CountDownLatch running = new CountDownLatch(2);
        final List<Task<Void>> tasks = new ArrayList<>();
        try (TaskGroup group = TaskGroup.open())
        {
            for (int i = 0; i < 1000; i++)
            {
                tasks.add(group.spawnVoid(cancel ->
                {
                    ran.incrementAndGet();
                    running.countDown();
                    while (!cancel.cancelled())
                    {
                        Thread.onSpinWait();
                    }
                    observed.incrementAndGet();
                }));
            }
            awaitUninterruptibly(running);
            group.cancel();
            assertTrue(group.cancelled());
        }   // explicit cancel: close returns normally
        int dropped = 0;
        for (final Task<Void> task : tasks)
        {
            assertTrue(task.state().isFinal());
            assertTrue(task.cancelled());
            if (task.state() == TaskState.CANCELLED)
            {
                dropped++;
            }
        }
        assertEquals(ran.get(), observed.get(), "a task that ran did not observe the cancellation");
        assertEquals(1000, ran.get() + dropped, "every task either ran and observed it, or was dropped");
        assertTrue(dropped >= 900, "expected most queued tasks dropped, was " + dropped);
    }

    @Test
    void cancellingOneTaskLeavesItsSiblings() throws InterruptedException
    {
        final Task<Integer> victim;
        final Task<Integer> sibling;
        try (TaskGroup group = TaskGroup.builder().executor(blocking).open())
        {
            victim = group.spawn(cancel ->
            {
                Thread.sleep(30_000);
                return 1;
            });
            sibling = group.spawn(cancel ->
            {
                Thread.sleep(20);
                return 2;
            });
            while (victim.state() != TaskState.RUNNING)
            {
                Thread.onSpinWait();
            }
            victim.cancel();
            assertEquals(TaskState.CANCELLED, victim.await());
        }
        assertInstanceOf(InterruptedException.class, victim.error());
        assertEquals(2, sibling.result());
    }

    @Test
    void cancellationReachesNestedGroupsAndEndsThemCancelled()
    {
        final AtomicInteger observed = new AtomicInteger();
        final CountDownLatch started = new CountDownLatch(9);
        final List<Task<Void>> outerTasks = new ArrayList<>();
        try (TaskGroup group = TaskGroup.builder().executor(blocking).open())
        {
            for (int i = 0; i < 3; i++)
            {
                outerTasks.add(group.spawnVoid(cancel ->
                {
                    try (TaskGroup inner = TaskGroup.open())
                    {
                        assertSame(blocking, inner.executor());
                        for (int j = 0; j < 3; j++)
                        {
                            inner.spawnVoid(c ->
                            {
                                started.countDown();
                                try
                                {
                                    Thread.sleep(30_000);
                                }
                                catch (final InterruptedException ex)
                                {
                                    observed.incrementAndGet();
                                    throw ex;
                                }
                            });
                        }
                    }
                }));
            }
            awaitUninterruptibly(started);
            group.cancel();
        }
        assertEquals(9, observed.get());
        for (final Task<Void> task : outerTasks)
        {
            assertEquals(TaskState.CANCELLED, task.state());
            assertInstanceOf(CancellationException.class, task.error(), "the nested group's close reports it");
        }
    }

    private static void assertSame(final Object expected, final Object actual)
    {
        org.junit.jupiter.api.Assertions.assertSame(expected, actual);
    }

    @Test
    void cancellationInterruptsBlockingChannelSendAndReceive()
    {
        try (TestDirectory dir = TestDirectory.create();
            ChannelProducer producer = Channels.spsc("full").directory(dir.path()).capacity(1024).producer();
            ChannelConsumer idle = Channels.spsc("full").directory(dir.path()).consumer();
            ChannelConsumer consumer = Channels.spsc("empty").directory(dir.path()).consumer())
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
            while (producer.offer(1, message, 0, 64))
            {
                assertFalse(idle == null);
            }
            final CountDownLatch blocked = new CountDownLatch(2);
            final Task<Boolean> send;
            final Task<Integer> receive;
            try (TaskGroup group = TaskGroup.builder().executor(blocking).open())
            {
                send = group.spawn(cancel ->
                {
                    blocked.countDown();
                    return producer.send(1, message, 0, 64, 30, TimeUnit.SECONDS, new BackoffIdleStrategy());
                });
                receive = group.spawn(cancel ->
                {
                    blocked.countDown();
                    return consumer.receive((type, buffer, offset, length) -> { }, 1, 30, TimeUnit.SECONDS,
                        new BackoffIdleStrategy());
                });
                awaitUninterruptibly(blocked);
                group.cancel();
            }
            assertEquals(TaskState.CANCELLED, send.state());
            assertInstanceOf(InterruptedException.class, send.error());
            assertEquals(TaskState.CANCELLED, receive.state());
            assertInstanceOf(InterruptedException.class, receive.error());
        }
    }

    @Test
    void aTaskIgnoringCancellationIsReportedAndStillAwaited()
    {
        final AtomicReference<Task<?>> reported = new AtomicReference<>();
        final AtomicReference<Thread> reportedThread = new AtomicReference<>();
        final CountDownLatch running = new CountDownLatch(1);
        final Task<Void> stubborn;
        final long start;
        try (TaskGroup group = TaskGroup.builder().executor(blocking)
            .onStuckTask(Duration.ofMillis(50), (task, thread, since) ->
            {
                reported.set(task);
                reportedThread.set(thread);
            }).open())
        {
            stubborn = group.spawnVoid(cancel ->
            {
                running.countDown();
                final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
                while (System.nanoTime() < until)
                {
                    Thread.onSpinWait(); // neither polls the token nor blocks
                }
            });
            awaitUninterruptibly(running);
            start = System.nanoTime();
            group.cancel();
        }
        final long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(stubborn, reported.get());
        assertTrue(reportedThread.get() != null);
        assertEquals(TaskState.SUCCEEDED, stubborn.state(), "it ignored cancellation and finished its work");
        assertTrue(waitedMs >= 300, "close must still wait for the stuck task, waited " + waitedMs + " ms");
    }

    @Test
    void twoHundredThousandRapidCancellationsLeaveNothingBehind()
    {
        final ForkJoinPool pool = TaskPool.defaultPool();
        try (TaskGroup warm = TaskGroup.open())
        {
            warm.spawn(c -> 1);
            warm.spawn(c -> 2);
        }
        final Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        final AtomicInteger ran = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
        final int groups = 200_000;
        final long start = System.nanoTime();
        try (TaskGroup outer = TaskGroup.open())
        {
            for (int i = 0; i < groups; i++)
            {
                final Task<Void> a;
                final Task<Void> b;
                try (TaskGroup group = TaskGroup.builder().timeout(Duration.ofSeconds(30)).open())
                {
                    a = group.spawnVoid(cancel ->
                    {
                        ran.incrementAndGet();
                        while (!cancel.cancelled())
                        {
                            Thread.onSpinWait();
                        }
                    });
                    b = group.spawnVoid(cancel -> ran.incrementAndGet());
                    if ((i & 1) == 0)
                    {
                        a.cancel();
                    }
                    group.cancel();
                }
                dropped.addAndGet((a.state() == TaskState.CANCELLED ? 1 : 0) + (b.state() == TaskState.CANCELLED ? 1 : 0));
                assertTrue(a.state().isFinal() && b.state().isFinal());
            }
            assertEquals(0, outer.openChildren(), "a closed group is still linked to its parent");
        }
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(pool.awaitQuiescence(5, TimeUnit.SECONDS));
        assertEquals(0, pool.getQueuedTaskCount() + pool.getQueuedSubmissionCount(), "tasks left queued");
        assertEquals(0, Scheduler.queued(), "deadline timers left behind");
        final Set<Thread> after = new HashSet<>(Thread.getAllStackTraces().keySet());
        after.removeAll(before);
        after.removeIf(t -> t.getName().startsWith("ipcsync-task") || t.getName().equals("ipcsync-timer"));
        assertTrue(after.isEmpty(), "threads left behind: " + after);
        assertEquals(2 * groups, ran.get() + dropped.get(), "a task was neither run nor dropped, or both");
        System.out.printf("%d groups cancelled in %d ms (%d tasks ran, %d dropped)%n",
            groups, elapsedMs, ran.get(), dropped.get());
    }

    static void awaitUninterruptibly(final CountDownLatch latch)
    {
        try
        {
            assertTrue(latch.await(20, TimeUnit.SECONDS), "timed out waiting for tasks to start");
        }
        catch (final InterruptedException ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    void aCancelledTaskCannotBeCancelledAgainAndFinishedOnesStaySo() throws InterruptedException
    {
        try (TaskGroup group = TaskGroup.open())
        {
            final Task<Integer> done = group.spawn(c -> 5);
            done.await();
            done.cancel();
            assertEquals(TaskState.SUCCEEDED, done.state());
            assertEquals(5, done.result());
            assertFalse(done.cancelled());
        }
    }
}
