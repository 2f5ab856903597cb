package io.ipcsync.tasks;

/**
 * A task that returns a value.
 *
 * @param <T> the result type.
 */
@FunctionalInterface
public interface TaskBody<T>
{
    /**
     * Runs the task.
     *
     * @param cancel the task's cancellation token: poll it in loops, or pass its remaining time to
     *               blocking calls.
     * @return the result.
     * @throws Exception any failure; it becomes the task's {@link Task#error()}.
     */
    T run(CancelToken cancel) throws Exception;
}
