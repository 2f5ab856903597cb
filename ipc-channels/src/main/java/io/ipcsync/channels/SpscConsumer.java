package io.ipcsync.channels;


import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ring.SpscRingConsumer;

/**
 * {@link ChannelConsumer} of an SPSC channel: owns its mapped file and the ring's consumer side.
 */
final class SpscConsumer extends FileOwningConsumer
{
    private final SpscRingConsumer ring;

    SpscConsumer(final ChannelFile file, final long livenessIntervalNanos)
    {
        super(file);
        this.ring = new SpscRingConsumer(file, livenessIntervalNanos);
    }

    @Override
    public int poll(final MessageHandler handler, final int limit)
    {
        return ring.poll(handler, limit);
    }

    @Override
    public boolean isProducerAlive()
    {
        return ring.isProducerAlive();
    }

    @Override
    void closeRing()
    {
        ring.close();
    }
}
