package io.ipcsync.tasks.remote;

import io.ipcsync.core.IpcsyncException;

/**
 * A remote task failed in its worker: the worker's exception class and message, as text.
 */
public final class RemoteTaskException extends IpcsyncException
{
    private static final long serialVersionUID = 1L;

    /** The class name of the exception the task threw in the worker. */
    private final String remoteClass;

    /**
     * Creates the exception.
     *
     * @param message     what failed, where.
     * @param remoteClass the class name of the worker's exception.
     */
    public RemoteTaskException(final String message, final String remoteClass)
    {
        super(message);
        this.remoteClass = remoteClass;
    }

    /**
     * Returns the class name of the exception the task threw in the worker.
     *
     * @return the class name of the exception the task threw in the worker.
     */
    public String remoteClass()
    {
        return remoteClass;
    }
}
