package io.ipcsync.channels;

import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * Writes messages into a channel. Not thread-safe: one thread at a time uses a producer.
 *
 * <p>A message has a type id (zero or positive) and up to {@link #maxMessageLength()} bytes.
 * When the channel is full, {@link #offer} returns false and {@link #tryClaim} returns
 * {@link #INSUFFICIENT_CAPACITY}; when the consumer (with several, the last one) has closed the
 * channel the next call throws {@link io.ipcsync.core.ChannelClosedException}, and when no consumer
 * is alive and one died without closing, a call that finds the channel full throws
 * {@link io.ipcsync.core.PeerDeadException} (within the channel's liveness interval). A broadcast
 * producer never waits and never learns of its subscribers.
 *
 * <p>{@link #close()} tells the consumer that no more messages will come; it reads what was
 * committed, then sees the channel closed.
 */
public interface ChannelProducer extends AutoCloseable
{
    /** {@link #tryClaim} result: the channel is full for now. */
    int INSUFFICIENT_CAPACITY = -2;

    /**
     * Copies a message into the channel.
     *
     * @param typeId message type, zero or positive.
     * @param source the message bytes.
     * @param offset where they start in the source.
     * @param length how many bytes, at most {@link #maxMessageLength()}.
     * @return true when written, false when the channel is full.
     */
    boolean offer(int typeId, DirectBuffer source, int offset, int length);

    /**
     * Writes an 8-byte message holding one {@code long}: the fast path for small fixed messages.
     *
     * @param typeId message type, zero or positive.
     * @param value  the message.
     * @return true when written, false when the channel is full.
     */
    boolean offerLong(int typeId, long value);

    /**
     * Claims room for a message to be written in place, without a copy: write it into
     * {@link #buffer()} at the returned index, then {@link #commit} or {@link #abort} before the
     * next claim.
     *
     * @param typeId message type, zero or positive.
     * @param length the message length, at most {@link #maxMessageLength()}.
     * @return the index in {@link #buffer()} where the message goes, or {@link #INSUFFICIENT_CAPACITY}.
     * @throws IllegalStateException if the previous claim was neither committed nor aborted.
     */
    int tryClaim(int typeId, int length);

    /**
     * Publishes a claimed message to the consumer.
     *
     * @param index the index {@link #tryClaim} returned.
     * @throws IllegalStateException if nothing is claimed at that index.
     */
    void commit(int index);

    /**
     * Drops a claimed message; the consumer never sees it.
     *
     * @param index the index {@link #tryClaim} returned.
     * @throws IllegalStateException if nothing is claimed at that index.
     */
    void abort(int index);

    /**
     * Returns the channel's memory, for writing a claimed message.
     *
     * @return the channel's memory, for writing a claimed message.
     */
    MutableDirectBuffer buffer();

    /**
     * Offers a message, waiting while the channel is full.
     *
     * @param typeId  message type, zero or positive.
     * @param source  the message bytes.
     * @param offset  where they start in the source.
     * @param length  how many bytes.
     * @param timeout how long to wait at most; zero tries once.
     * @param unit    the unit of the timeout.
     * @param idle    how to wait between tries (busy spin, yield, back off, sleep).
     * @return true when written, false when the timeout passed first.
     * @throws InterruptedException if the thread is interrupted while waiting.
     */
    boolean send(int typeId, DirectBuffer source, int offset, int length, long timeout, TimeUnit unit, IdleStrategy idle)
        throws InterruptedException;

    /**
     * Returns the largest message this channel takes.
     *
     * @return the largest message this channel takes.
     */
    int maxMessageLength();

    /**
     * Returns true while a consumer is attached and its process alive.
     *
     * @return true while a consumer is attached and its process alive.
     */
    boolean isConsumerAlive();

    /**
     * Closes the producer: the consumer drains what was committed, then sees the channel closed.
     * The file stays; delete it with {@link ChannelBuilder#delete()}.
     */
    @Override
    void close();
}
