package io.ipcsync.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timers tick as tasks of their group, periodic ones without drift, and stop with the group.
 *
 * <p>Tolerance: a tick may start up to {@link #LATE_MS} after it is due (scheduling noise on a shared
 * 2-core machine), never before; lateness must not grow with the tick count.
 */
@Timeout(60)
class TimerTest
{
    private static final long LATE_MS = 40;

    @Test
    void sixteenMillisecondTickIsDriftFree()
    {
        final int ticks = 40;
        final long[] started = new long[ticks + 1];
        final Timer timer;
        try (TaskGroup group = TaskGroup.open())
        {
            timer = group.every(Duration.ofMillis(16), (t, cancel) ->
            {
                final long now = System.nanoTime();
                final long n = t.ticks();
                started[(int)n] = now;
                if (n == ticks)
                {
                    t.cancel();
                }
            });
        }   // waits for the timer: it stops itself at tick 40
        assertEquals(ticks, timer.ticks());
        assertTrue(timer.stopped());
        long worst = 0;
        for (int k = 1; k <= ticks; k++)
        {
            final long due = timer.firstNanos() + (k - 1) * timer.periodNanos();
            final long late = started[k] - due;
            assertTrue(late >= 0, "tick " + k + " started " + late + " ns early");
            worst = Math.max(worst, late);
        }
        final long lastLateMs = TimeUnit.NANOSECONDS.toMillis(started[ticks] - (timer.firstNanos() + (ticks - 1) * timer.periodNanos()));
        assertTrue(lastLateMs <= LATE_MS, "tick " + ticks + " late by " + lastLateMs + " ms: drift");
        System.out.printf("16 ms timer: worst lateness %d µs over %d ticks, missed %d%n",
            TimeUnit.NANOSECONDS.toMicros(worst), ticks, timer.missedTicks());
    }

    @Test
    void oneShotFiresOnceAndTheGroupWaitsForIt()
    {
        final AtomicInteger fired = new AtomicInteger();
        final AtomicLong firedAt = new AtomicLong();
        final long start = System.nanoTime();
        try (TaskGroup group = TaskGroup.open())
        {
            group.schedule(Duration.ofMillis(50), (t, cancel) ->
            {
                firedAt.set(System.nanoTime());
                fired.incrementAndGet();
            });
        }
        assertEquals(1, fired.get());
        assertTrue(firedAt.get() - start >= TimeUnit.MILLISECONDS.toNanos(50));
        assertEquals(0, Scheduler.queued());
    }

    @Test
    void timersStopWithTheGroup() throws InterruptedException
    {
        final AtomicInteger ticks = new AtomicInteger();
        final Timer periodic;
        final Timer oneShot;
        try (TaskGroup group = TaskGroup.open())
        {
            periodic = group.every(Duration.ofMillis(2), (t, cancel) -> ticks.incrementAndGet());
            oneShot = group.schedule(Duration.ofSeconds(30), (t, cancel) -> ticks.addAndGet(1000));
            while (ticks.get() < 5)
            {
                Thread.sleep(1);
            }
            group.cancel();
        }
        final int atClose = ticks.get();
        assertTrue(periodic.stopped() && oneShot.stopped());
        assertEquals(0, Scheduler.queued(), "timer entries left in the scheduler");
        Thread.sleep(20);
        assertEquals(atClose, ticks.get(), "a tick ran after its group closed");
        assertTrue(atClose < 1000);
    }

    @Test
    void aFailingTickStopsTheTimerAndFailsTheGroup()
    {
        final IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () ->
        {
            try (TaskGroup group = TaskGroup.open())
            {
                group.every(Duration.ofMillis(1), (t, cancel) ->
                {
                    if (t.ticks() == 3)
                    {
                        throw new IllegalStateException("tick 3");
                    }
                });
            }
        });
        assertEquals("tick 3", thrown.getMessage());
        assertEquals(0, Scheduler.queued());
    }
}
