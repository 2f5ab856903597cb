package io.ipcsync.channels;

import io.ipcsync.core.ChannelFile;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.IdleStrategy;

/**
 * What every {@link ChannelConsumer} shares, whatever its ring: it owns its mapped file
 * ({@link FileOwningChannel}), and {@link #receive} waits by retrying {@link #poll}.
 */
abstract class FileOwningConsumer extends FileOwningChannel implements ChannelConsumer
{
    FileOwningConsumer(final ChannelFile file)
    {
        super(file);
    }

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
}
