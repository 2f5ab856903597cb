package io.ipcsync.channels;


import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ring.BroadcastReceiver;

/**
 * A subscriber of a broadcast channel ({@link Channels#broadcast}). Owns its mapped file. Not
 * thread-safe: one thread at a time uses a subscriber; any number of subscribers, in any
 * processes, may read one channel, attaching and leaving at any time.
 *
 * <p>A subscriber starts at the producer's current position: it sees every message sent after
 * it was opened, none from before, in order and each once, as long as it keeps up. The producer
 * never waits for it: a subscriber that falls a whole ring behind gets {@link #LAPPED} from
 * {@link #poll} (or {@link #receive}) at the place of the gap, {@link #lostMessages()} grows by
 * the exact number of messages it missed, and reading continues with the producer's newest
 * message. A poll that already handed messages over before finding the gap returns their count;
 * the next poll returns {@code LAPPED}.
 *
 * <p>The handler gets a private copy of each message, checked after copying, so it never sees a
 * message that the producer was overwriting; read it during the call. {@link #CLOSED} and
 * {@link #PEER_DEAD} come after the last message of a producer that closed or died; a new
 * producer may attach later, and then messages flow again.
 *
 * <p>Closing a subscriber affects nothing else: the producer and other subscribers never know.
 */
public final class BroadcastSubscriber extends FileOwningConsumer
{
    private final BroadcastReceiver ring;

    BroadcastSubscriber(final ChannelFile file, final long livenessIntervalNanos)
    {
        super(file);
        this.ring = new BroadcastReceiver(file, livenessIntervalNanos);
    }

    /**
     * {@inheritDoc}
     *
     * @return messages read, 0 if none were ready, {@link #LAPPED} where messages were lost, or
     *         {@link #CLOSED} / {@link #PEER_DEAD}.
     */
    @Override
    public int poll(final MessageHandler handler, final int limit)
    {
        return ring.poll(handler, limit);
    }

    @Override
    public long lostMessages()
    {
        return ring.lostMessages();
    }

    /**
     * Returns how many times this subscriber was lapped, each reported once as {@link #LAPPED}.
     *
     * @return how many times this subscriber was lapped.
     */
    public long laps()
    {
        return ring.laps();
    }

    /**
     * Returns how many messages this subscriber handed to handlers.
     *
     * @return how many messages this subscriber handed to handlers.
     */
    public long messagesReceived()
    {
        return ring.messagesReceived();
    }

    /**
     * Returns the sequence of the next message this subscriber expects; the channel's first
     * message has sequence 0, and the producer numbers every message it sends.
     *
     * @return the sequence of the next message this subscriber expects.
     */
    public long nextSequence()
    {
        return ring.nextSequence();
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
