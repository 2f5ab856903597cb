package io.ipcsync.tasks;

/**
 * Told about a task that keeps running a while after its cancellation: the group still waits for it
 * (no task outlives its group), but not silently.
 */
@FunctionalInterface
public interface StuckTaskListener
{
    /**
     * Called once per stuck task, on the timer thread.
     *
     * @param task           the task that has not ended.
     * @param thread         the thread running it (its stack trace shows where it is stuck), or null.
     * @param sinceCancelNanos how long ago its cancellation was requested.
     */
    void stuck(Task<?> task, Thread thread, long sinceCancelNanos);
}
