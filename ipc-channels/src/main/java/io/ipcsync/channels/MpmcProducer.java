package io.ipcsync.channels;


import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ring.SlotRingProducer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@link ChannelProducer} of an MPMC channel, or the single producer of an SPMC channel: owns its
 * mapped file and a producer of the slot ring ({@link SlotRingProducer}). Each message goes to one
 * consumer. A claim the consumers skipped because it stayed open longer than the claim timeout
 * makes {@link #commit} (or {@link #offer}) throw {@link IllegalStateException}.
 */
final class MpmcProducer extends FileOwningProducer
{
    private final SlotRingProducer ring;

    MpmcProducer(final ChannelFile file, final long livenessIntervalNanos)
    {
        super(file);
        this.ring = new SlotRingProducer(file, livenessIntervalNanos);
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
