package io.ipcsync.channels;

import io.ipcsync.core.ChannelFile;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * What every {@link ChannelProducer} shares, whatever its ring: it owns its mapped file
 * ({@link FileOwningChannel}), and {@link #send} waits by retrying {@link #offer}.
 */
abstract class FileOwningProducer extends FileOwningChannel implements ChannelProducer
{
    FileOwningProducer(final ChannelFile file)
    {
        super(file);
    }

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
}
