package io.ipcsync.tasks;

import java.util.concurrent.CancellationException;

/**
 * What a running task sees of its cancellation and deadline. Polling is one volatile read.
 *
 * <p>A task is cancelled when it, its group or any enclosing group or task is cancelled, when a
 * deadline of its group (own or inherited) passes, or when the group's {@link CompletionPolicy} ends it.
 * Blocking waits are also interrupted (unless the group was built with interruption off), so
 * {@code Thread.sleep}, {@code BlockingQueue.take} and ipcsync's blocking {@code send}/{@code receive}
 * throw {@link InterruptedException}; a task that lets it (or the {@link CancellationException} of
 * {@link #throwIfCancelled()}) escape ends {@link TaskState#CANCELLED}, not failed.
 */
public interface CancelToken
{
    /**
     * Returns true once cancellation of this task was requested.
     *
     * @return true once cancellation of this task was requested.
     */
    boolean cancelled();

    /**
     * Throws if cancellation was requested: the cheapest way for a loop to stop.
     *
     * @throws CancellationException if {@link #cancelled()}.
     */
    default void throwIfCancelled()
    {
        if (cancelled())
        {
            throw new CancellationException("task cancelled");
        }
    }

    /**
     * Returns the time left until the group's deadline, to pass as a timeout to blocking calls.
     *
     * @return nanoseconds until the group's deadline (its own or inherited), negative when passed,
     *     {@link Long#MAX_VALUE} when there is none: a timeout to pass to blocking calls.
     */
    long remainingNanos();
}
