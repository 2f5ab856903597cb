package io.ipcsync.channels;

import java.util.concurrent.TimeUnit;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ring.SpscRingConsumer;
import org.agrona.concurrent.IdleStrategy;

/**
 * {@link ChannelConsumer} of an SPSC channel: owns its mapped file and the ring's consumer side.
 */
final class SpscConsumer implements ChannelConsumer
{
    private final ChannelFile file;
    private final SpscRingConsumer ring;

    SpscConsumer(final ChannelFile file, final long livenessIntervalNanos)
    {
        this.file = file;
        this.ring = new SpscRingConsumer(file, livenessIntervalNanos);
    }

    @Override
    public int poll(final MessageHandler handler, final int limit)
    {
        return ring.poll(handler, limit);
    }

    @Override
    public int receive(
        final MessageHandler handler, final int limit, final long timeout, final TimeUnit unit, final IdleStrategy idle)
        throws InterruptedException
    {
        final long deadline = Deadline.after(timeout, unit);
        idle.reset();
        int result;
        while ((result = ring.poll(handler, limit)) == 0)
        {
            if (Deadline.expired(deadline, file.path(), "receiving from"))
            {
                return 0;
            }
            idle.idle();
        }
        return result;
    }

    @Override
    public long lostMessages()
    {
        return 0;
    }

    @Override
    public boolean isProducerAlive()
    {
        return ring.isProducerAlive();
    }

    @Override
    public void close()
    {
        if (!file.isClosed())
        {
            ring.close();
            file.close();
        }
    }

    @Override
    public String toString()
    {
        return "SpscConsumer{" + file.path() + "}";
    }
}
