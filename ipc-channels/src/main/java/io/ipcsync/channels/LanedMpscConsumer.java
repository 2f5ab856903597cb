package io.ipcsync.channels;


import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ring.MpscLaneConsumer;

/**
 * {@link ChannelConsumer} of an MPSC channel with lanes: owns its mapped file and the consumer
 * side of every lane and of the overflow ring.
 */
final class LanedMpscConsumer extends FileOwningConsumer
{
    private final MpscLaneConsumer ring;

    LanedMpscConsumer(final ChannelFile file, final long livenessIntervalNanos, final long claimTimeoutNanos)
    {
        super(file);
        this.ring = new MpscLaneConsumer(file, livenessIntervalNanos, claimTimeoutNanos);
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
