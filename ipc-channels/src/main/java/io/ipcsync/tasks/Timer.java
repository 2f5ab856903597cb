package io.ipcsync.tasks;

import java.util.concurrent.ScheduledFuture;

/**
 * A one-shot or periodic timer of a {@link TaskGroup} ({@link TaskGroup#schedule}, {@link TaskGroup#every}).
 * Each tick runs as a task of the group on the group's executor; the process's one timer thread only
 * triggers it. Periodic ticks are due at {@code start + k * period}, so lateness never accumulates; a
 * tick due while the previous one still runs is skipped and counted. The group waits for its timers, and
 * cancelling the group stops them.
 */
public final class Timer
{
    private final TaskGroup group;
    private final TimerAction action;
    private final long periodNanos;
    private ScheduledFuture<?> future;
    private boolean stopped;
    private long ticks;
    private long missed;
    private long firstNanos;
    private GroupTask<Void> running;

    Timer(final TaskGroup group, final TimerAction action, final long periodNanos)
    {
        this.group = group;
        this.action = action;
        this.periodNanos = periodNanos;
    }

    void start(final long firstNanos)
    {
        synchronized (this)
        {
            this.firstNanos = firstNanos;
            future = periodNanos == 0 ? Scheduler.at(firstNanos, this::fire) :
                Scheduler.atFixedRate(firstNanos, periodNanos, this::fire);
        }
    }

    private void fire()
    {
        synchronized (this)
        {
            if (stopped)
            {
                return;
            }
            if (running != null && !running.isFinal())
            {
                missed++;
                return;
            }
            ticks++;
            running = group.submit(new GroupTask<Void>(group, null, cancel -> action.tick(this, cancel)));
        }
        group.timerSpawned();
        if (periodNanos == 0)
        {
            cancel();
        }
    }

    /**
     * Stops the timer: no tick starts after this returns; a tick already running is not interrupted
     * (cancel the group for that). Idempotent.
     */
    public void cancel()
    {
        synchronized (this)
        {
            if (stopped)
            {
                return;
            }
            stopped = true;
            if (future != null)
            {
                future.cancel(false);
            }
        }
        group.timerStopped(this);
    }

    /**
     * Returns ticks started so far.
     *
     * @return ticks started so far.
     */
    public synchronized long ticks()
    {
        return ticks;
    }

    /**
     * Returns ticks skipped because the previous tick was still running.
     *
     * @return ticks skipped because the previous tick was still running.
     */
    public synchronized long missedTicks()
    {
        return missed;
    }

    /**
     * Returns true once the timer was cancelled or, for a one-shot timer, fired.
     *
     * @return true once the timer was cancelled or, for a one-shot timer, fired.
     */
    public synchronized boolean stopped()
    {
        return stopped;
    }

    /**
     * Returns when the first tick was due.
     *
     * @return the {@link System#nanoTime()} when the first tick was due; tick {@code k} (from 1) is due at
     *     {@code firstNanos() + (k - 1) * periodNanos()}.
     */
    public synchronized long firstNanos()
    {
        return firstNanos;
    }

    /**
     * Returns the period in nanoseconds, 0 for a one-shot timer.
     *
     * @return the period in nanoseconds, 0 for a one-shot timer.
     */
    public long periodNanos()
    {
        return periodNanos;
    }
}
