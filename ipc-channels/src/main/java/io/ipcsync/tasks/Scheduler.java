package io.ipcsync.tasks;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one timer thread of the process: fires deadlines, stuck-task checks and timers. It only hands
 * work to groups; no task body runs on it. Cancelled entries leave its queue at once.
 */
final class Scheduler
{
    private static final class Holder
    {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create()
        {
            final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable ->
            {
                final Thread thread = new Thread(runnable, "ipcsync-timer");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            return executor;
        }
    }

    private Scheduler()
    {
    }

    static ScheduledFuture<?> at(final long nanoTime, final Runnable action)
    {
        return Holder.EXECUTOR.schedule(action, nanoTime - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    static ScheduledFuture<?> atFixedRate(final long firstNanoTime, final long periodNanos, final Runnable action)
    {
        return Holder.EXECUTOR.scheduleAtFixedRate(
            action, firstNanoTime - System.nanoTime(), periodNanos, TimeUnit.NANOSECONDS);
    }

    /** For tests: entries waiting in the timer queue. */
    static int queued()
    {
        return Holder.EXECUTOR.getQueue().size();
    }
}
