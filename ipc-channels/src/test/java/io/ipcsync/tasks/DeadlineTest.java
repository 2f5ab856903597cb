package io.ipcsync.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Deadlines fire on time, cancel the group, and are inherited by nested groups.
 *
 * <p>Tolerance: the deadline may fire late by scheduling noise on a busy 2-core machine; the tests
 * accept up to {@link #LATE_MS} late and never early.
 */
@Timeout(60)
class DeadlineTest
{
    /** How late a deadline may fire (and close return) on a noisy shared 2-core machine. */
    private static final long LATE_MS = 500;

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
    void deadlineFiresOnTimeAndCancels()
    {
        final long start = System.nanoTime();
        final Task<?>[] tasks = new Task<?>[3];
        final DeadlineExceededException thrown = assertThrows(DeadlineExceededException.class, () ->
        {
            try (TaskGroup group = TaskGroup.builder().executor(blocking).timeout(Duration.ofMillis(200)).open())
            {
                tasks[0] = group.spawnVoid(cancel -> Thread.sleep(30_000));
                tasks[1] = group.spawnVoid(cancel ->
                {
                    while (true)
                    {
                        cancel.throwIfCancelled();
                        Thread.onSpinWait();
                    }
                });
                tasks[2] = group.spawn(cancel -> cancel.remainingNanos());
            }
        });
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(elapsedMs >= 200 && elapsedMs <= 200 + LATE_MS, "closed after " + elapsedMs + " ms, deadline 200 ms");
        assertTrue(thrown.getMessage().contains("deadline"));
        assertEquals(TaskState.CANCELLED, tasks[0].state());
        assertInstanceOf(InterruptedException.class, tasks[0].error());
        assertEquals(TaskState.CANCELLED, tasks[1].state());
        final long remaining = (Long)tasks[2].result();
        assertTrue(remaining > 0 && remaining <= TimeUnit.MILLISECONDS.toNanos(200), "remaining " + remaining);
    }

    @Test
    void nestedGroupsInheritTheEarlierDeadline()
    {
        final long start = System.nanoTime();
        final long[] innerDeadline = new long[1];
        final Task<?>[] outerTask = new Task<?>[1];
        final long outerDeadline;
        final TaskGroup[] outer = new TaskGroup[1];
        assertThrows(DeadlineExceededException.class, () ->
        {
            try (TaskGroup group = TaskGroup.builder().executor(blocking).timeout(Duration.ofMillis(150)).open())
            {
                outer[0] = group;
                outerTask[0] = group.spawnVoid(cancel ->
                {
                    try (TaskGroup inner = TaskGroup.builder().timeout(Duration.ofSeconds(60)).open())
                    {
                        innerDeadline[0] = inner.deadlineNanos();
                        inner.spawnVoid(c -> Thread.sleep(30_000));
                    }
                });
            }
        });
        outerDeadline = outer[0].deadlineNanos();
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(outerDeadline, innerDeadline[0], "the inner group must take the outer, earlier deadline");
        assertTrue(elapsedMs >= 150 && elapsedMs <= 150 + LATE_MS, "closed after " + elapsedMs + " ms");
        assertEquals(TaskState.CANCELLED, outerTask[0].state());
        assertInstanceOf(CancellationException.class, outerTask[0].error());
    }

    @Test
    void anEarlierNestedDeadlineFailsOnlyItsTaskUnlessUnhandled()
    {
        final long start = System.nanoTime();
        final Task<?>[] handled = new Task<?>[1];
        final DeadlineExceededException thrown = assertThrows(DeadlineExceededException.class, () ->
        {
            try (TaskGroup group = TaskGroup.builder().executor(blocking).timeout(Duration.ofSeconds(30)).open())
            {
                handled[0] = group.spawn(cancel ->
                {
                    try (TaskGroup inner = TaskGroup.builder().timeout(Duration.ofMillis(50)).open())
                    {
                        inner.spawnVoid(c -> Thread.sleep(30_000));
                    }
                    catch (final DeadlineExceededException ex)
                    {
                        return "timed out, handled";
                    }
                    return "not timed out";
                });
                handled[0].await();
                group.spawnVoid(cancel ->
                {
                    try (TaskGroup inner = TaskGroup.builder().timeout(Duration.ofMillis(50)).open())
                    {
                        inner.spawnVoid(c -> Thread.sleep(30_000));
                    }
                });
            }
        });
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("timed out, handled", handled[0].result());
        assertTrue(thrown.getMessage().contains("deadline"));
        assertTrue(elapsedMs >= 100 && elapsedMs <= 100 + 2 * LATE_MS, "closed after " + elapsedMs + " ms");
    }
}
