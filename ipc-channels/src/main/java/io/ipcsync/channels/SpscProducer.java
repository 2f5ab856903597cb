package io.ipcsync.channels;

import java.util.concurrent.TimeUnit;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ring.SpscRingProducer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * {@link ChannelProducer} of an SPSC channel: owns its mapped file and the ring's producer side.
 */
final class SpscProducer implements ChannelProducer
{
    private final ChannelFile file;
    private final SpscRingProducer ring;

    SpscProducer(final ChannelFile file, final long livenessIntervalNanos)
    {
        this.file = file;
        this.ring = new SpscRingProducer(file, livenessIntervalNanos);
    }

    @Override
    public boolean offer(final int typeId, final DirectBuffer source, final int offset, final int length)
    {
        return ring.offer(typeId, source, offset, length);
    }

    @Override
    public boolean offerLong(final int typeId, final long value)
    {
        return ring.offerLong(typeId, value);
    }

    @Override
    public int tryClaim(final int typeId, final int length)
    {
        return ring.tryClaim(typeId, length);
    }

    @Override
    public void commit(final int index)
    {
        ring.commit(index);
    }

    @Override
    public void abort(final int index)
    {
        ring.abort(index);
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return ring.buffer();
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
        while (!ring.offer(typeId, source, offset, length))
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
    public int maxMessageLength()
    {
        return ring.maxMessageLength();
    }

    @Override
    public boolean isConsumerAlive()
    {
        return ring.isConsumerAlive();
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
        return "SpscProducer{" + file.path() + "}";
    }
}
