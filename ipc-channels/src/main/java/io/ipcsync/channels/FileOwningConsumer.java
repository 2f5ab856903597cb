package io.ipcsync.channels;

import io.ipcsync.core.ChannelFile;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.IdleStrategy;

/**
 * What every {@link ChannelConsumer} shares, whatever its ring: it owns its mapped file, closes
 * its side of the ring and then the file, and {@link #receive} waits by retrying {@link #poll}.
 */
abstract class FileOwningConsumer implements ChannelConsumer
{
    final ChannelFile file;

    FileOwningConsumer(final ChannelFile file)
    {
        this.file = file;
    }

    /** Gives up this consumer's side of the ring; called once, before the file is unmapped. */
    abstract void closeRing();

    @Override
    public int receive(
        final MessageHandler handler, final int limit, final long timeout, final TimeUnit unit, final IdleStrategy idle)
        throws InterruptedException
    {
        final long deadline = Deadline.after(timeout, unit);
        idle.reset();
        int result;
        while ((result = poll(handler, limit)) == 0)
        {
            if (Deadline.expired(deadline, file.path(), "receiving from"))
            {
                return 0;
            }
            idle.idle();
        }
        return result;
    }

    /**
     * {@inheritDoc}
     *
     * @return 0: only a broadcast subscriber can fall behind and lose messages.
     */
    @Override
    public long lostMessages()
    {
        return 0;
    }

    @Override
    public void close()
    {
        if (!file.isClosed())
        {
            closeRing();
            file.close();
        }
    }

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "{" + file.path() + ", " + file.layout().mode() + "}";
    }
}
