package io.ipcsync.channels;


import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ring.SpscRingProducer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@link ChannelProducer} of an SPSC channel, or of one lane of an MPSC channel with lanes: owns
 * its mapped file and the ring's producer side.
 */
final class SpscProducer extends FileOwningProducer
{
    private final SpscRingProducer ring;

    SpscProducer(final ChannelFile file, final SpscRingProducer ring)
    {
        super(file);
        this.ring = ring;
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
    void closeRing()
    {
        ring.close();
    }
}
