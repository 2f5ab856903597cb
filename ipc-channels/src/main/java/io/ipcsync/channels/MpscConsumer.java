package io.ipcsync.channels;


import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ring.MpscRingConsumer;

/**
 * {@link ChannelConsumer} of an MPSC channel: owns its mapped file and the ring's consumer side.
 */
final class MpscConsumer extends FileOwningConsumer
{
    private final MpscRingConsumer ring;

    MpscConsumer(final ChannelFile file, final long livenessIntervalNanos, final long claimTimeoutNanos)
    {
        super(file);
        this.ring = new MpscRingConsumer(file, livenessIntervalNanos, claimTimeoutNanos);
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
