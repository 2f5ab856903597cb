package io.ipcsync.channels;


import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ring.MpscRingProducer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@link ChannelProducer} of an MPSC channel's shared ring (its one ring, or with lanes its overflow
 * ring), one of its many producers (one per thread): owns its mapped file and its producer of the ring.
 */
final class MpscProducer extends FileOwningProducer
{
    private final MpscRingProducer ring;

    MpscProducer(final ChannelFile file, final long livenessIntervalNanos)
    {
        super(file);
        this.ring = new MpscRingProducer(file, livenessIntervalNanos);
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
