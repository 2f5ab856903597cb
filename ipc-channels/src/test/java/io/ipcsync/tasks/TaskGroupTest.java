package io.ipcsync.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules of a task group: it waits for its tasks, reports outcomes by policy, and nests.
 */
@Timeout(60)
class TaskGroupTest
{
    @Test
    void closeWaitsForEveryTaskAndHandlesHoldResults()
    {
        final List<Task<Integer>> tasks = new ArrayList<>();
        final AtomicInteger ran = new AtomicInteger();
        final Task<Void> slow;
        try (TaskGroup group = TaskGroup.open())
        {
            for (int i = 0; i < 100; i++)
            {
                final int n = i;
                tasks.add(group.spawn(cancel -> n * n));
            }
            slow = group.spawnVoid(cancel ->
            {
                Thread.sleep(50);
                ran.incrementAndGet();
            });
        }
        assertEquals(1, ran.get(), "close returned before the slow task finished");
        assertEquals(TaskState.SUCCEEDED, slow.state());
        assertNull(slow.result());
        for (int i = 0; i < 100; i++)
        {
            assertEquals(TaskState.SUCCEEDED, tasks.get(i).state());
            assertEquals(i * i, tasks.get(i).result());
            assertNull(tasks.get(i).error());
        }
    }

    @Test
    void tasksSpawnSiblingsAndAwaitThem()
    {
        final AtomicInteger count = new AtomicInteger();
        try (TaskGroup group = TaskGroup.open())
        {
            group.spawn(cancel ->
            {
                final Task<Integer> child = group.spawn(c -> 21);
                child.await();
                count.addAndGet(child.result() * 2);
                group.spawnVoid(c -> count.incrementAndGet());
                return null;
            });
        }
        assertEquals(43, count.get());
    }

    @Test
    void spawnAfterCloseFails()
    {
        final TaskGroup closed;
        try (TaskGroup group = TaskGroup.open())
        {
            closed = group;
        }
        assertThrows(IllegalStateException.class, () -> closed.spawn(c -> 1));
    }

    @Test
    void closeOnAnotherThreadIsRefused() throws Exception
    {
        try (TaskGroup group = TaskGroup.open())
        {
            final Throwable[] seen = new Throwable[1];
            final Thread other = new Thread(() -> seen[0] = assertThrows(IllegalStateException.class, group::close));
            other.start();
            other.join();
            assertTrue(seen[0].getMessage().contains("opened it"));
        }
    }

    @Test
    void firstFailureCancelsSiblingsAndIsThrownWithTheOthersSuppressed() throws InterruptedException
    {
        // sleeping tasks hold their threads: on the 2-thread default pool the failing task would wait
        final ExecutorService executor = Executors.newCachedThreadPool(daemon());
        final IllegalStateException first = new IllegalStateException("first");
        final CountDownLatch ready = new CountDownLatch(3);
        final List<Task<?>> sleepers = new ArrayList<>();
        final IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
        {
            try (TaskGroup group = TaskGroup.builder().executor(executor).open())
            {
                for (int i = 0; i < 2; i++)
                {
                    sleepers.add(group.spawnVoid(cancel ->
                    {
                        ready.countDown();
                        Thread.sleep(30_000);
                    }));
                }
                // fails after the first failure: must show up as suppressed, not be lost
                group.spawnVoid(cancel ->
                {
                    try
                    {
                        ready.countDown();
                        Thread.sleep(30_000);
                    }
                    catch (final InterruptedException ex)
                    {
                        throw new IOException("second, on cancellation");
                    }
                });
                group.spawnVoid(cancel ->
                {
                    ready.await();
                    throw first;
                });
            }
        });
        assertSame(first, thrown);
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals("second, on cancellation", thrown.getSuppressed()[0].getMessage());
        for (final Task<?> sleeper : sleepers)
        {
            assertEquals(TaskState.CANCELLED, sleeper.state());
        }
        executor.shutdown();
        assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void checkedFailureIsWrapped()
    {
        final TaskFailedException thrown = assertThrows(TaskFailedException.class, () ->
        {
            try (TaskGroup group = TaskGroup.open())
            {
                group.spawnVoid(cancel ->
                {
                    throw new IOException("disk");
                });
            }
        });
        assertEquals("disk", thrown.getCause().getMessage());
    }

    @Test
    void firstSuccessWinsAndCancelsTheRest() throws InterruptedException
    {
        final ExecutorService executor = Executors.newCachedThreadPool(daemon());
        final Task<String> slow;
        final Task<String> fast;
        final Task<String> failing;
        try (TaskGroup group = TaskGroup.builder().policy(CompletionPolicy.FIRST_SUCCESS).executor(executor).open())
        {
            failing = group.spawn(cancel ->
            {
                throw new IllegalArgumentException("no");
            });
            slow = group.spawn(cancel ->
            {
                Thread.sleep(30_000);
                return "slow";
            });
            fast = group.spawn(cancel ->
            {
                failing.await();
                return "fast";
            });
            assertEquals(TaskState.SUCCEEDED, fast.await());
            assertSame(fast, group.winner());
        }
        assertEquals("fast", fast.result());
        assertEquals(TaskState.CANCELLED, slow.state());
        assertEquals(TaskState.FAILED, failing.state());
        executor.shutdown();
        assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void firstSuccessWithoutSuccessThrowsTheFirstFailure()
    {
        final RuntimeException thrown = assertThrows(RuntimeException.class, () ->
        {
            try (TaskGroup group = TaskGroup.open(CompletionPolicy.FIRST_SUCCESS))
            {
                final Task<Object> a = group.spawn(cancel ->
                {
                    throw new RuntimeException("a");
                });
                a.await();
                group.spawn(cancel ->
                {
                    throw new RuntimeException("b");
                });
            }
        });
        assertEquals("a", thrown.getMessage());
        assertEquals("b", thrown.getSuppressed()[0].getMessage());
    }

    @Test
    void collectAllKeepsEveryOutcome()
    {
        final Task<Integer> ok;
        final Task<Integer> bad;
        try (TaskGroup group = TaskGroup.open(CompletionPolicy.COLLECT_ALL))
        {
            bad = group.spawn(cancel ->
            {
                throw new IllegalStateException("bad");
            });
            ok = group.spawn(cancel ->
            {
                bad.await();
                return 7;
            });
        }
        assertEquals(7, ok.result());
        assertEquals(TaskState.FAILED, bad.state());
        assertEquals("bad", bad.error().getMessage());
        assertThrows(IllegalStateException.class, bad::result);
    }

    @Test
    void sevenLevelsOfTenWideCompleteAndCleanUp()
    {
        final AtomicLong leaves = new AtomicLong();
        final AtomicLong groups = new AtomicLong();
        final long start = System.nanoTime();
        final TaskGroup top;
        try (TaskGroup group = TaskGroup.open())
        {
            top = group;
            groups.incrementAndGet();
            for (int i = 0; i < 10; i++)
            {
                group.spawnVoid(cancel -> tree(2, leaves, groups));
            }
        }
        // 7 levels of tasks: a task of levels 1..6 opens a nested group of 10, level 7 tasks are leaves:
        // 10^6 leaves, 1 + 10 + ... + 10^5 groups nested 6 deep under the top one
        assertEquals(1_000_000L, leaves.get());
        assertEquals(111_111L, groups.get());
        assertEquals(0, top.openChildren());
        System.out.printf("7 x 10 tree: %d groups, %d tasks in %d ms%n", groups.get(), leaves.get() + groups.get() - 1,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static void tree(final int level, final AtomicLong leaves, final AtomicLong groups)
    {
        if (level == 7)
        {
            leaves.incrementAndGet();
            return;
        }
        try (TaskGroup group = TaskGroup.open())
        {
            groups.incrementAndGet();
            for (int i = 0; i < 10; i++)
            {
                group.spawnVoid(cancel -> tree(level + 1, leaves, groups));
            }
            assertEquals(0, group.openChildren() > 10 ? -1 : 0);
        }
    }

    @Test
    void aFailureDeepInNestedGroupsCancelsEverythingAboveAndSurfacesOnce() throws InterruptedException
    {
        // spinning tasks hold their threads: an unbounded pool keeps all 15 of them running at once
        final ExecutorService executor = Executors.newCachedThreadPool(daemon());
        final IllegalStateException deep = new IllegalStateException("deep");
        final AtomicInteger cancelledObserved = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        // 7 chain levels plus 7 spinners (top and levels 1..6) must be running before the failure
        final CountDownLatch allStarted = new CountDownLatch(14);
        final IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
        {
            try (TaskGroup group = TaskGroup.builder().executor(executor).open())
            {
                group.spawnVoid(cancel -> chain(1, deep, allStarted, started, cancelledObserved));
                // a sibling at the top that only stops when cancelled
                group.spawnVoid(cancel ->
                {
                    allStarted.countDown();
                    spinUntilCancelled(cancel, cancelledObserved);
                });
            }
        });
        assertSame(deep, thrown);
        assertEquals(0, thrown.getSuppressed().length, "the failure surfaced more than once");
        // a spinning sibling at each of levels 1..6 plus the top one saw the cancellation
        assertEquals(7, cancelledObserved.get());
        executor.shutdown();
        assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
    }

    private static void chain(final int level, final RuntimeException deep, final CountDownLatch allStarted,
        final AtomicInteger started, final AtomicInteger observed) throws InterruptedException
    {
        started.incrementAndGet();
        allStarted.countDown();
        if (level == 7)
        {
            allStarted.await();
            throw deep;
        }
        try (TaskGroup group = TaskGroup.open())
        {
            group.spawnVoid(cancel ->
            {
                allStarted.countDown();
                spinUntilCancelled(cancel, observed);
            });
            group.spawnVoid(cancel -> chain(level + 1, deep, allStarted, started, observed));
        }
    }

    static java.util.concurrent.ThreadFactory daemon()
    {
        return runnable ->
        {
            final Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void spinUntilCancelled(final CancelToken cancel, final AtomicInteger observed)
    {
        while (!cancel.cancelled())
        {
            Thread.onSpinWait();
        }
        observed.incrementAndGet();
        cancel.throwIfCancelled();
    }

    @Test
    void anyExecutorWorksAndSpawningFromTasksToo() throws Exception
    {
        final ExecutorService executor = Executors.newFixedThreadPool(2, daemon());
        try
        {
            final AtomicInteger count = new AtomicInteger();
            try (TaskGroup group = TaskGroup.builder().executor(executor).open())
            {
                for (int i = 0; i < 1000; i++)
                {
                    group.spawnVoid(cancel -> group.spawnVoid(c -> count.incrementAndGet()));
                }
            }
            assertEquals(1000, count.get());
        }
        finally
        {
            executor.shutdownNow();
            assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void spinningExecutorRunsNestedGroupsWithoutDeadlock()
    {
        try (SpinningExecutor executor = SpinningExecutor.busySpin())
        {
            final AtomicInteger count = new AtomicInteger();
            try (TaskGroup group = TaskGroup.builder().executor(executor).open())
            {
                for (int i = 0; i < 10; i++)
                {
                    group.spawnVoid(cancel ->
                    {
                        try (TaskGroup inner = TaskGroup.open())
                        {
                            for (int j = 0; j < 10; j++)
                            {
                                inner.spawnVoid(c -> count.incrementAndGet());
                            }
                        }
                    });
                }
            }
            assertEquals(100, count.get());
        }
    }

    @Test
    void longLivedGroupDoesNotKeepFinishedTasks() throws InterruptedException
    {
        try (TaskGroup group = TaskGroup.open())
        {
            final List<Task<Integer>> batch = new ArrayList<>();
            for (int round = 0; round < 100; round++)
            {
                batch.clear();
                for (int i = 0; i < 1000; i++)
                {
                    batch.add(group.spawn(cancel -> 1));
                }
                for (final Task<Integer> task : batch)
                {
                    task.await();
                }
            }
            // 100,000 finished tasks; the list is pruned when it reaches MIN_OWN_PRUNE
            assertTrue(group.listedTasks() < TaskGroup.MIN_OWN_PRUNE, "listed " + group.listedTasks());
        }
    }

    @Test
    void aFewLongRunnersAtTheOldEndDoNotStopThePruning() throws InterruptedException
    {
        final int spawned = TaskGroup.MIN_OWN_PRUNE + 20_000;
        final int listed = listedAfterShortTasksBehindLongRunners(TaskGroup.MAX_LIVE_SKIPPED, spawned);
        assertTrue(listed <= spawned - TaskGroup.MIN_OWN_PRUNE + TaskGroup.MAX_LIVE_SKIPPED + 1000,
            "listed " + listed + " of " + spawned);
    }

    @Test
    void manyLongRunnersAtTheOldEndLeaveTheWholeListPrunedAtItsLimit() throws InterruptedException
    {
        final int spawned = TaskGroup.MIN_OWN_PRUNE + 20_000;
        final int listed = listedAfterShortTasksBehindLongRunners(2 * TaskGroup.MAX_LIVE_SKIPPED, spawned);
        assertTrue(listed <= spawned - TaskGroup.MIN_OWN_PRUNE + 2 * TaskGroup.MAX_LIVE_SKIPPED + 1000,
            "listed " + listed + " of " + spawned);
    }

    /** Spawns long runners, then short tasks in awaited batches of 1,000; returns the tasks still listed. */
    private static int listedAfterShortTasksBehindLongRunners(final int longRunners, final int shortTasks)
        throws InterruptedException
    {
        final ExecutorService threads = Executors.newFixedThreadPool(longRunners + 2);
        final CountDownLatch release = new CountDownLatch(1);
        try (TaskGroup group = TaskGroup.builder().executor(threads).open())
        {
            for (int i = 0; i < longRunners; i++)
            {
                group.spawnVoid(cancel -> release.await());
            }
            final List<Task<Integer>> batch = new ArrayList<>();
            for (int spawned = 0; spawned < shortTasks; spawned += batch.size())
            {
                batch.clear();
                for (int i = 0; i < 1000; i++)
                {
                    batch.add(group.spawn(cancel -> 1));
                }
                for (final Task<Integer> task : batch)
                {
                    task.await();
                }
            }
            final int listed = group.listedTasks();
            release.countDown();
            return listed;
        }
        finally
        {
            threads.shutdown();
        }
    }
}
