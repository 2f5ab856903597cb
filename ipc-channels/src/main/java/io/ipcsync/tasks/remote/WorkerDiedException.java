package io.ipcsync.tasks.remote;

import io.ipcsync.core.IpcsyncException;

/**
 * The worker process running a remote task died (or was declared dead) before the task ended.
 * Whether the task's work was done in part is unknown.
 */
public final class WorkerDiedException extends IpcsyncException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which worker, which task.
     */
    public WorkerDiedException(final String message)
    {
        super(message);
    }
}
