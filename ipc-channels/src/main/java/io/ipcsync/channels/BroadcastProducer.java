package io.ipcsync.channels;

import java.util.concurrent.TimeUnit;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ring.BroadcastTransmitter;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The one producer of a broadcast channel ({@link Channels#broadcast}): every message goes to
 * every subscriber attached at the time. Owns its mapped file. Not thread-safe: one thread at a
 * time uses it. A second live producer on the same channel is refused; one that takes over from
 * a dead producer continues the message sequence where it stopped.
 *
 * <p>The producer never waits for subscribers: there is no backpressure, so {@link #offer} and
 * {@link #offerLong} always return true, {@link #tryClaim} never returns
 * {@link #INSUFFICIENT_CAPACITY}, and {@link #send} returns at once. When the ring is full the
 * oldest messages are overwritten; a subscriber that had not read them is told so
 * ({@link ChannelConsumer#LAPPED}, {@link ChannelConsumer#lostMessages()}), never handed torn data.
 * Size the ring (capacity) for the longest stall a subscriber must survive.
 *
 * <p>Subscribers attach and leave without writing to the file, so the producer knows nothing
 * about them: {@link #isConsumerAlive()} is always false, and no subscriber's close reaches it.
 * {@link #close()} tells every subscriber that no more messages will come.
 */
public final class BroadcastProducer extends FileOwningProducer
{
    private final BroadcastTransmitter ring;

    BroadcastProducer(final ChannelFile file)
    {
        super(file);
        this.ring = new BroadcastTransmitter(file);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Always writes, overwriting the oldest messages when the ring is full.
     *
     * @return always true.
     */
    @Override
    public boolean offer(final int typeId, final DirectBuffer source, final int offset, final int length)
    {
        ring.offer(typeId, source, offset, length);
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * @return always true.
     */
    @Override
    public boolean offerLong(final int typeId, final long value)
    {
        ring.offerLong(typeId, value);
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Always succeeds; the space is taken from the oldest messages.
     *
     * @return the index in {@link #buffer()} where the message goes, never {@link #INSUFFICIENT_CAPACITY}.
     */
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

    /**
     * {@inheritDoc}
     *
     * <p>A broadcast producer never waits: this is {@link #offer} and ignores the timeout and the idle strategy.
     *
     * @return always true.
     */
    @Override
    public boolean send(
        final int typeId,
        final DirectBuffer source,
        final int offset,
        final int length,
        final long timeout,
        final TimeUnit unit,
        final IdleStrategy idle)
    {
        ring.offer(typeId, source, offset, length);
        return true;
    }

    @Override
    public int maxMessageLength()
    {
        return ring.maxMessageLength();
    }

    /**
     * Returns false: subscribers write nothing to the channel, so the producer keeps no registry
     * of them and cannot tell whether any is attached or alive.
     *
     * @return always false.
     */
    @Override
    public boolean isConsumerAlive()
    {
        return false;
    }

    /**
     * Returns the sequence the next message gets: the number of messages sent on this channel so far.
     *
     * @return the sequence the next message gets.
     */
    public long nextSequence()
    {
        return ring.nextSequence();
    }

    @Override
    void closeRing()
    {
        ring.close();
    }
}
