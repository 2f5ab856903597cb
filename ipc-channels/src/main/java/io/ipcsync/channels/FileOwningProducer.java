package io.ipcsync.channels;

import io.ipcsync.core.ChannelFile;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * What every {@link ChannelProducer} shares, whatever its ring: it owns its mapped file, closes
 * its side of the ring and then the file, and {@link #send} waits by retrying {@link #offer}.
 */
abstract class FileOwningProducer implements ChannelProducer
{
    final ChannelFile file;

    FileOwningProducer(final ChannelFile file)
    {
        this.file = file;
    }

    /** Gives up this producer's side of the ring; called once, before the file is unmapped. */
    abstract void closeRing();

    @Override
    public boolean send(
        final int typeId,
        final DirectBuffer source,
        final int offset,
        final int length,
        final long timeout,
        final TimeUnit unit,
        final IdleStrategy idle) throws InterruptedException
    {
        final long deadline = Deadline.after(timeout, unit);
        idle.reset();
        while (!offer(typeId, source, offset, length))
        {
            if (Deadline.expired(deadline, file.path(), "sending to"))
            {
                return false;
            }
            idle.idle();
        }
        return true;
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
