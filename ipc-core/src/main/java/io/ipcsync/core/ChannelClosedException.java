package io.ipcsync.core;

/**
 * The other side of a channel has closed it, so this call can never succeed; or this side's
 * handle was closed and used again.
 */
public class ChannelClosedException extends IpcsyncException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which channel, and who closed it.
     */
    public ChannelClosedException(final String message)
    {
        super(message);
    }
}
