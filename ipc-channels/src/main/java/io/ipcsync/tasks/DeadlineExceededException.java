package io.ipcsync.tasks;

import java.util.concurrent.CancellationException;

/**
 * Thrown by {@link TaskGroup#close()} when the group's own deadline passed and cancelled it.
 */
public final class DeadlineExceededException extends CancellationException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what passed and by how much.
     */
    public DeadlineExceededException(final String message)
    {
        super(message);
    }
}
