package io.ipcsync.tasks;

/**
 * A task that returns nothing.
 */
@FunctionalInterface
public interface TaskAction
{
    /**
     * Runs the task.
     *
     * @param cancel the task's cancellation token.
     * @throws Exception any failure; it becomes the task's {@link Task#error()}.
     */
    void run(CancelToken cancel) throws Exception;
}
