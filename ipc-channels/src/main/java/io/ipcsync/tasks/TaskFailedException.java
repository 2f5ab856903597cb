package io.ipcsync.tasks;

/**
 * Carries a checked exception thrown by a task out of {@link TaskGroup#close()}, which throws unchecked
 * exceptions only. Runtime exceptions and errors of tasks are rethrown as they are.
 */
public final class TaskFailedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param cause the task's checked exception.
     */
    public TaskFailedException(final Throwable cause)
    {
        super("task failed: " + cause, cause);
    }
}
