package io.ipcsync.tasks;

/**
 * Where a {@link Task} is in its life. {@link #SUCCEEDED}, {@link #FAILED} and {@link #CANCELLED} are final.
 */
public enum TaskState
{
    /** Spawned, waiting for a thread of the group's executor. */
    QUEUED,
    /** Its body is running. */
    RUNNING,
    /** The body returned; {@link Task#result()} holds its value. */
    SUCCEEDED,
    /** The body threw; {@link Task#error()} holds the exception. */
    FAILED,
    /** Cancelled before it started (dropped), or it ended by observing its cancellation. */
    CANCELLED;

    /**
     * Returns true for the final states.
     *
     * @return true for the final states.
     */
    public boolean isFinal()
    {
        return ordinal() >= SUCCEEDED.ordinal();
    }
}
