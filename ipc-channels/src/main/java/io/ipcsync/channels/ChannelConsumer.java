package io.ipcsync.channels;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.IdleStrategy;

/**
 * Reads messages from a channel. Not thread-safe: one thread at a time uses a consumer.
 *
 * <p>{@link #poll} returns how many messages it handed to the handler, 0 when none were ready,
 * or a negative status when none will come: {@link #CLOSED} after the producer (with several, the
 * last attached one) closed the channel and every committed message was read, {@link #PEER_DEAD}
 * after no producer is alive, one died, and every committed message was read; for broadcast
 * subscribers also {@link #LAPPED}. A new producer may attach later; then messages flow again.
 */
public interface ChannelConsumer extends AutoCloseable
{
    /** {@link #poll} status: the producer closed the channel and everything was read. */
    int CLOSED = -1;
    /** {@link #poll} status: the producer died without closing and everything it committed was read. */
    int PEER_DEAD = -2;
    /**
     * {@link #poll} and {@link #receive} status, broadcast only: messages were lost here because this
     * consumer fell a whole ring behind; {@link #lostMessages()} says how many in all. The next poll
     * continues with the producer's newest message.
     */
    int LAPPED = -3;

    /**
     * Reads up to {@code limit} messages in order.
     *
     * @param handler receives each message.
     * @param limit   the most messages to read.
     * @return messages read, 0 if none were ready, or {@link #CLOSED} / {@link #PEER_DEAD} /
     *         {@link #LAPPED}.
     * @throws io.ipcsync.core.CorruptChannelException if the channel's memory holds an impossible record.
     */
    int poll(MessageHandler handler, int limit);

    /**
     * Polls, waiting until at least one message is read, the channel ends, or the timeout passes.
     *
     * @param handler receives each message.
     * @param limit   the most messages to read.
     * @param timeout how long to wait at most; zero polls once.
     * @param unit    the unit of the timeout.
     * @param idle    how to wait between polls.
     * @return messages read, 0 on timeout, or {@link #CLOSED} / {@link #PEER_DEAD} / {@link #LAPPED}.
     * @throws InterruptedException if the thread is interrupted while waiting.
     */
    int receive(MessageHandler handler, int limit, long timeout, TimeUnit unit, IdleStrategy idle)
        throws InterruptedException;

    /**
     * Returns how many messages this consumer missed because it fell a whole ring behind: broadcast
     * only (its producer never waits), always 0 for other modes.
     *
     * @return how many messages this consumer missed because it fell a whole ring behind.
     */
    long lostMessages();

    /**
     * Returns true while a producer is attached and its process alive.
     *
     * @return true while a producer is attached and its process alive.
     */
    boolean isProducerAlive();

    /**
     * Closes the consumer. With one consumer (SPSC, MPSC), or when it was the last of several (SPMC,
     * MPMC), the producers' next calls fail with {@link io.ipcsync.core.ChannelClosedException}; a
     * broadcast producer never knows. The file stays.
     */
    @Override
    void close();
}
