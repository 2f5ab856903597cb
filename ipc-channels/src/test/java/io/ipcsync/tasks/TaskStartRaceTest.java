package io.ipcsync.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stress tests of the races at the start of a task: the thread that runs it against a thread that
 * cancels it, and a spawn against a group cancel. Each round runs one side on the test thread and the
 * other on a second thread released at the same moment (two threads: this machine may have two cores);
 * the task's executor only captures the task, so the test decides who runs it and when.
 */
@Timeout(120)
class TaskStartRaceTest
{
    private static final int ROUNDS = 30_000;

    private volatile Runnable captured;
    private final Executor capture = command -> captured = command;

    @Test
    void runAgainstTaskCancel()
    {
        race((group, task) -> task.cancel());
    }

    @Test
    void runAgainstGroupCancel()
    {
        race((group, task) -> group.cancel());
    }

    /**
     * The body runs or the task is dropped, never both; a dropped task ends CANCELLED without an error; a
     * cancellation's interrupt never outlives the task on the thread that ran it.
     */
    private void race(final Canceller canceller)
    {
        final AtomicInteger ran = new AtomicInteger();
        final boolean[] interruptLeaked = new boolean[1];
        int dropped = 0;
        try (Racer racer = new Racer())
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                ran.set(0);
                try (TaskGroup group = TaskGroup.builder().executor(capture).open())
                {
                    final Task<Void> task = group.spawnVoid(cancel -> ran.incrementAndGet());
                    final Runnable runnable = captured;
                    racer.race(() -> canceller.cancel(group, task), () ->
                    {
                        runnable.run();
                        interruptLeaked[0] = Thread.interrupted();
                    });
                    assertFalse(interruptLeaked[0], "round " + round + ": the cancel interrupt outlived the task");
                    assertTrue(task.state().isFinal(), "round " + round + ": " + task.state());
                    if (task.state() == TaskState.CANCELLED)
                    {
                        assertEquals(0, ran.get(), "round " + round + ": dropped, yet the body ran");
                        assertNull(task.error());
                        assertTrue(task.cancelled());
                        dropped++;
                    }
                    else
                    {
                        assertEquals(TaskState.SUCCEEDED, task.state());
                        assertEquals(1, ran.get(), "round " + round);
                    }
                }
            }
        }
        System.out.println("start race: " + dropped + " of " + ROUNDS + " tasks dropped before they ran");
    }

    /**
     * The owner spawns while another thread cancels the group: whichever comes first, the task never runs
     * its body once both are done (the cancel's walk drops it, the spawn sees the cancel, or the task sees it
     * when it starts).
     */
    @Test
    void ownerSpawnAgainstGroupCancel()
    {
        final AtomicInteger ran = new AtomicInteger();
        try (Racer racer = new Racer())
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                try (TaskGroup group = TaskGroup.builder().executor(capture).open())
                {
                    final AtomicReference<Task<Void>> task = new AtomicReference<>();
                    racer.race(group::cancel, () -> task.set(group.spawnVoid(cancel -> ran.incrementAndGet())));
                    captured.run();
                    assertEquals(TaskState.CANCELLED, task.get().state(), "round " + round);
                }
            }
        }
        assertEquals(0, ran.get(), "bodies run in a cancelled group");
    }

    private interface Canceller
    {
        void cancel(TaskGroup group, Task<Void> task);
    }

    /** A second thread that runs one action per round, released when the test thread starts its own. */
    private static final class Racer implements AutoCloseable
    {
        private static final int MAX_DELAY_SPINS = 200;

        private final Thread thread = new Thread(this::loop, "racer");
        private final Random random = new Random(42);
        private Runnable action;
        private volatile int round;
        private volatile int finished;
        private volatile boolean stop;
        private volatile Throwable failure;

        Racer()
        {
            thread.setDaemon(true);
            thread.start();
        }

        private void loop()
        {
            int seen = 0;
            while (true)
            {
                int r;
                while ((r = round) == seen)
                {
                    if (stop)
                    {
                        return;
                    }
                    Thread.onSpinWait();
                }
                seen = r;
                try
                {
                    action.run();
                }
                catch (final Throwable ex)
                {
                    failure = ex;
                }
                finished = r;
            }
        }

        /** Runs {@code other} on the racer thread and {@code inline} on this one, at once; returns when both ran. */
        void race(final Runnable other, final Runnable inline)
        {
            action = other;
            final int r = round + 1;
            final int delay = random.nextInt(MAX_DELAY_SPINS);
            round = r;
            for (int i = 0; i < delay; i++)
            {
                Thread.onSpinWait(); // a varying head start for the racer, so both orders and the overlap occur
            }
            inline.run();
            while (finished != r)
            {
                Thread.onSpinWait();
            }
            if (failure != null)
            {
                fail("the racer failed", failure);
            }
        }

        @Override
        public void close()
        {
            stop = true;
            try
            {
                thread.join(10_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
