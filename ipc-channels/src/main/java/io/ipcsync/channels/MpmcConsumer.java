package io.ipcsync.channels;

import java.util.concurrent.TimeUnit;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ring.SlotRingConsumer;
import org.agrona.concurrent.IdleStrategy;

/**
 * {@link ChannelConsumer} of an SPMC or MPMC channel, one of many: owns its mapped file and a
 * consumer of the slot ring ({@link SlotRingConsumer}). Each message goes to exactly one consumer;
 * a consumer whose process dies loses at most the one message its handler was running on.
 * {@link #poll} returns {@link #CLOSED} once every producer closed and everything was taken, and
 * {@link #PEER_DEAD} once no producer is alive, one died, and everything committed was taken.
 */
final class MpmcConsumer implements ChannelConsumer
{
    private final ChannelFile file;
    private final SlotRingConsumer ring;

    MpmcConsumer(final ChannelFile file, final long livenessIntervalNanos, final long claimTimeoutNanos)
    {
        this.file = file;
        this.ring = new SlotRingConsumer(file, livenessIntervalNanos, claimTimeoutNanos);
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
        return "MpmcConsumer{" + file.path() + ", " + file.layout().mode() + "}";
    }
}
