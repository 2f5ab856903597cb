package io.ipcsync.channels;


import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ring.SlotRingConsumer;

/**
 * {@link ChannelConsumer} of an SPMC or MPMC channel, one of many: owns its mapped file and a
 * consumer of the slot ring ({@link SlotRingConsumer}). Each message goes to exactly one consumer;
 * a consumer whose process dies loses at most the one message its handler was running on.
 * {@link #poll} returns {@link #CLOSED} once every producer closed and everything was taken, and
 * {@link #PEER_DEAD} once no producer is alive, one died, and everything committed was taken.
 */
final class MpmcConsumer extends FileOwningConsumer
{
    private final SlotRingConsumer ring;

    MpmcConsumer(final ChannelFile file, final long livenessIntervalNanos, final long claimTimeoutNanos)
    {
        super(file);
        this.ring = new SlotRingConsumer(file, livenessIntervalNanos, claimTimeoutNanos);
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
