package io.ipcsync.channels;

import java.util.concurrent.TimeUnit;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ring.MpscRingConsumer;
import org.agrona.concurrent.IdleStrategy;

/**
 * {@link ChannelConsumer} of an MPSC channel: owns its mapped file and the ring's consumer side.
 */
final class MpscConsumer implements ChannelConsumer
{
    private final ChannelFile file;
    private final MpscRingConsumer ring;

    MpscConsumer(final ChannelFile file, final long livenessIntervalNanos, final long claimTimeoutNanos)
    {
        this.file = file;
        this.ring = new MpscRingConsumer(file, livenessIntervalNanos, claimTimeoutNanos);
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
        return "MpscConsumer{" + file.path() + "}";
    }
}
