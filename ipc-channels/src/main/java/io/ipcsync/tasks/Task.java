package io.ipcsync.tasks;

/**
 * The handle of a task spawned in a {@link TaskGroup}: its state, result and error. The group owns the
 * task; the handle only observes it, waits for it, or cancels it alone.
 *
 * @param <T> the result type ({@link Void} for a {@link TaskAction}).
 */
public interface Task<T> extends CancelToken
{
    /**
     * Returns the current state.
     *
     * @return the current state.
     */
    TaskState state();

    /**
     * Returns the value the body returned.
     *
     * @return the value the body returned.
     * @throws IllegalStateException if the task has not {@link TaskState#SUCCEEDED}.
     */
    T result();

    /**
     * Returns what the body threw, if it failed or let a cancellation escape.
     *
     * @return what the body threw when {@link TaskState#FAILED} (or the cancellation it let escape when
     *     {@link TaskState#CANCELLED}), else null.
     */
    Throwable error();

    /**
     * Waits until the task is in a final state. On a thread of the default pool this runs other queued
     * tasks while waiting instead of blocking the thread.
     *
     * @return the final state.
     * @throws InterruptedException if this thread is interrupted while blocked.
     */
    TaskState await() throws InterruptedException;

    /**
     * Cancels this task alone: a queued task is dropped, a running one sees {@link #cancelled()} and is
     * interrupted (if its group interrupts), and the groups it opened are cancelled. Does not wait.
     * Cancelling a finished task does nothing.
     */
    void cancel();

    /**
     * Returns the group that owns this task.
     *
     * @return the group that owns this task.
     */
    TaskGroup group();
}
