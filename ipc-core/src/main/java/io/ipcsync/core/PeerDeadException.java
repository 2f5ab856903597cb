package io.ipcsync.core;

/**
 * The process on the other side of a channel died without closing it. Thrown to a producer
 * whose consumer is gone; a consumer whose producer died gets the
 * {@code PEER_DEAD} status from {@code poll} once it has drained every committed message.
 */
public final class PeerDeadException extends ChannelClosedException
{
    private static final long serialVersionUID = 1L;

    private final long pid;

    /**
     * Creates the exception.
     *
     * @param message which channel, and which side died.
     * @param pid     the process id of the dead peer.
     */
    public PeerDeadException(final String message, final long pid)
    {
        super(message);
        this.pid = pid;
    }

    /**
     * Returns the process id of the dead peer.
     *
     * @return the process id of the dead peer.
     */
    public long pid()
    {
        return pid;
    }
}
