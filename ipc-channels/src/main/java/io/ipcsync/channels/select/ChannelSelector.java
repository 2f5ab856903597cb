package io.ipcsync.channels.select;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.MessageHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * Receives from whichever of many channels has messages: built once from (consumer, handler) pairs,
 * it polls every channel that has not ended and hands each message to that channel's handler.
 *
 * <pre>{@code
 * ChannelSelector selector = ChannelSelector.builder()
 *     .add(ordersConsumer, ordersHandler)              // channel 0: its own MessageHandler
 *     .add(quotesConsumer, (channel, type, buffer, index, length) -> ...)  // or one that gets the index
 *     .onStatus((channel, status) -> log.warn("channel {} status {}", channel, status))
 *     .build();
 * int handled;
 * while ((handled = selector.select(1, TimeUnit.SECONDS, idle)) != ChannelSelector.ALL_ENDED)
 * {
 *     ...
 * }
 * }</pre>
 *
 * <h2>Rounds and fairness</h2>
 * A <em>round</em> ({@link #selectNow()}) polls each channel that has not ended once, taking at most
 * the {@linkplain Builder#batchLimit batch limit} of messages from it. By default the round starts at
 * the next channel each time, so no channel is always first, and a channel that always has messages
 * delays any other channel by at most one round: {@code (channels - 1) * batchLimit} messages. With
 * {@link Builder#biased()} every round polls in index order and stops at the first channel that had
 * messages: a lower index always goes first, and a flooded low channel starves the higher ones.
 *
 * <h2>Statuses and ends</h2>
 * When a channel's poll returns {@link ChannelConsumer#CLOSED} or {@link ChannelConsumer#PEER_DEAD}
 * the channel has ended: the selector reports it once to the {@link ChannelStatusListener} (if one
 * was given), records it in {@link #status(int)}, and polls the channel no more. Other negative
 * statuses (a broadcast subscriber that fell behind) go to the listener each time and the channel is
 * kept. Once every channel has ended, {@link #selectNow()} and {@link #select} return
 * {@link #ALL_ENDED} at once instead of waiting.
 *
 * <h2>Ownership, threads, garbage</h2>
 * The selector does not own the consumers: the caller closes them, also those that ended; a consumer
 * closed while still selected makes the next round throw. Not thread-safe: one thread at a time uses
 * a selector and, while it does, no other thread may use its consumers. Selecting allocates nothing
 * per message nor per round. An exception thrown by a handler, a listener or a consumer's poll (a
 * corrupt channel) ends the round and propagates; the messages handled before it count as read, and
 * the next round continues with the next channel in turn ({@link #remove(int)} drops a broken one).
 */
public final class ChannelSelector
{
    /** Returned by {@link #selectNow()} and {@link #select} once every channel has ended or been removed. */
    public static final int ALL_ENDED = -1;

    /** {@link #status(int)} of a channel that is still polled. */
    public static final int ACTIVE = 0;

    /** {@link #status(int)} of a channel given up by {@link #remove(int)}; never a poll status. */
    public static final int REMOVED = Integer.MIN_VALUE;

    /** The default most messages taken from one channel in one round. */
    public static final int DEFAULT_BATCH_LIMIT = 64;

    private static final ChannelStatusListener NO_LISTENER = (channel, status) ->
    {
    };

    private final ChannelConsumer[] consumers;
    private final int[] statuses;
    private final ChannelStatusListener listener;
    private final int batchLimit;
    private final boolean biased;

    // The channels still polled, compacted in index order; a channel that ends stays until the round is over.
    private final ChannelConsumer[] selectedConsumers;
    private final MessageHandler[] selectedHandlers;
    private final int[] selectedChannels;
    private int selectedCount;
    private int nextStart;
    private boolean compactPending;

    private ChannelSelector(final Builder builder)
    {
        final int count = builder.consumers.size();
        this.consumers = builder.consumers.toArray(new ChannelConsumer[0]);
        this.statuses = new int[count];
        this.listener = builder.listener;
        this.batchLimit = builder.batchLimit;
        this.biased = builder.biased;
        this.selectedConsumers = consumers.clone();
        this.selectedHandlers = builder.handlers.toArray(new MessageHandler[0]);
        this.selectedChannels = new int[count];
        for (int channel = 0; channel < count; channel++)
        {
            selectedChannels[channel] = channel;
        }
        this.selectedCount = count;
    }

    /**
     * Starts building a selector.
     *
     * @return a new builder with no channels, fair rotation and {@link #DEFAULT_BATCH_LIMIT}.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Polls one round without waiting (see the class comment for what a round is).
     *
     * @return the messages handled, 0 if none were ready, or {@link #ALL_ENDED} when no channel is left
     *         to poll (a round that handled messages returns their count even if the last channel ended
     *         in it; the next call returns {@link #ALL_ENDED}).
     * @throws io.ipcsync.core.CorruptChannelException if a channel's memory holds an impossible record.
     * @throws io.ipcsync.core.ChannelClosedException if a selected consumer was closed by the caller.
     */
    public int selectNow()
    {
        if (compactPending)
        {
            compact();
        }
        final int count = selectedCount;
        if (count == 0)
        {
            return ALL_ENDED;
        }
        return biased ? biasedRound(count) : fairRound(count);
    }

    private int fairRound(final int count)
    {
        final ChannelConsumer[] consumers = selectedConsumers;
        final MessageHandler[] handlers = selectedHandlers;
        final int limit = batchLimit;
        int slot = nextStart < count ? nextStart : 0;
        // advanced before polling so that a handler that throws cannot pin the round's start
        nextStart = slot + 1;
        int handled = 0;
        for (int polled = 0; polled < count; polled++)
        {
            final int result = consumers[slot].poll(handlers[slot], limit);
            if (result > 0)
            {
                handled += result;
            }
            else if (result < 0)
            {
                onNegativeStatus(slot, result);
            }
            if (++slot == count)
            {
                slot = 0;
            }
        }
        return handled;
    }

    private int biasedRound(final int count)
    {
        final ChannelConsumer[] consumers = selectedConsumers;
        final MessageHandler[] handlers = selectedHandlers;
        final int limit = batchLimit;
        for (int slot = 0; slot < count; slot++)
        {
            final int result = consumers[slot].poll(handlers[slot], limit);
            if (result > 0)
            {
                return result;
            }
            if (result < 0)
            {
                onNegativeStatus(slot, result);
            }
        }
        return 0;
    }

    private void onNegativeStatus(final int slot, final int status)
    {
        final int channel = selectedChannels[slot];
        if (status == ChannelConsumer.CLOSED || status == ChannelConsumer.PEER_DEAD)
        {
            // recorded before the listener runs, so a listener that throws cannot make it report twice
            statuses[channel] = status;
            compactPending = true;
        }
        listener.onStatus(channel, status);
    }

    private void compact()
    {
        compactPending = false;
        int kept = 0;
        for (int slot = 0; slot < selectedCount; slot++)
        {
            final int channel = selectedChannels[slot];
            if (statuses[channel] == ACTIVE)
            {
                selectedConsumers[kept] = selectedConsumers[slot];
                selectedHandlers[kept] = selectedHandlers[slot];
                selectedChannels[kept] = channel;
                kept++;
            }
        }
        for (int slot = kept; slot < selectedCount; slot++)
        {
            selectedConsumers[slot] = null;
            selectedHandlers[slot] = null;
        }
        selectedCount = kept;
    }

    /**
     * Polls rounds until at least one message was handled, every channel has ended, or the timeout passes.
     *
     * @param timeout how long to wait at most; zero or less polls one round.
     * @param unit    the unit of the timeout.
     * @param idle    how to wait between empty rounds; reset at the start of the call.
     * @return the messages handled, 0 on timeout, or {@link #ALL_ENDED} when no channel is left to poll.
     * @throws InterruptedException if the thread is interrupted while waiting (the flag is cleared).
     * @throws io.ipcsync.core.CorruptChannelException if a channel's memory holds an impossible record.
     */
    public int select(final long timeout, final TimeUnit unit, final IdleStrategy idle) throws InterruptedException
    {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(idle, "idle");
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        idle.reset();
        int result;
        while ((result = selectNow()) == 0)
        {
            if (Thread.interrupted())
            {
                throw new InterruptedException("interrupted while selecting over " + selectedCount + " channels");
            }
            if (System.nanoTime() - deadline >= 0)
            {
                return 0;
            }
            idle.idle();
        }
        return result;
    }

    /**
     * Stops polling a channel without reporting it to the listener; its {@link #status(int)} becomes
     * {@link #REMOVED}. For a channel the caller gives up on, for example one whose poll threw. Takes
     * effect at once, also when called from a handler or listener during a round. The consumer stays
     * open. Removing a channel that already ended or was removed does nothing.
     *
     * @param channel the channel's index.
     * @throws IndexOutOfBoundsException if there is no such channel.
     */
    public void remove(final int channel)
    {
        Objects.checkIndex(channel, statuses.length);
        if (statuses[channel] != ACTIVE)
        {
            return;
        }
        statuses[channel] = REMOVED;
        for (int slot = 0; slot < selectedCount; slot++)
        {
            if (selectedChannels[slot] == channel)
            {
                // a round in progress may still reach this slot: it must find nothing there
                selectedConsumers[slot] = RemovedConsumer.INSTANCE;
                break;
            }
        }
        compactPending = true;
    }

    /**
     * Returns a channel's status: {@link #ACTIVE} while it is polled, then the status that ended it
     * ({@link ChannelConsumer#CLOSED} or {@link ChannelConsumer#PEER_DEAD}), or {@link #REMOVED}.
     *
     * @param channel the channel's index.
     * @return the channel's status.
     * @throws IndexOutOfBoundsException if there is no such channel.
     */
    public int status(final int channel)
    {
        return statuses[Objects.checkIndex(channel, statuses.length)];
    }

    /**
     * Returns the number of channels not yet ended or removed.
     *
     * @return the number of channels not yet ended or removed.
     */
    public int activeChannels()
    {
        int active = 0;
        for (final int status : statuses)
        {
            if (status == ACTIVE)
            {
                active++;
            }
        }
        return active;
    }

    /**
     * Returns the number of channels the selector was built with.
     *
     * @return the number of channels the selector was built with.
     */
    public int channels()
    {
        return consumers.length;
    }

    /**
     * Returns a channel's consumer, for example to close it once it ended.
     *
     * @param channel the channel's index.
     * @return the consumer added as that channel.
     * @throws IndexOutOfBoundsException if there is no such channel.
     */
    public ChannelConsumer consumer(final int channel)
    {
        return consumers[Objects.checkIndex(channel, consumers.length)];
    }

    /**
     * Returns the most messages taken from one channel in one round.
     *
     * @return the most messages taken from one channel in one round.
     */
    public int batchLimit()
    {
        return batchLimit;
    }

    /**
     * Returns true when rounds poll in index order instead of rotating (see {@link Builder#biased()}).
     *
     * @return true when rounds poll in index order instead of rotating.
     */
    public boolean isBiased()
    {
        return biased;
    }

    @Override
    public String toString()
    {
        return "ChannelSelector{channels=" + consumers.length + ", active=" + activeChannels() +
            ", batchLimit=" + batchLimit + (biased ? ", biased" : ", fair") + "}";
    }

    /**
     * Builds a {@link ChannelSelector}. Channels get indexes 0, 1, 2... in the order they are added.
     */
    public static final class Builder
    {
        private final List<ChannelConsumer> consumers = new ArrayList<>();
        private final List<MessageHandler> handlers = new ArrayList<>();
        private final Map<ChannelConsumer, Integer> indexes = new IdentityHashMap<>();
        private ChannelStatusListener listener = NO_LISTENER;
        private int batchLimit = DEFAULT_BATCH_LIMIT;
        private boolean biased;

        private Builder()
        {
        }

        /**
         * Adds a channel whose messages go to its own handler.
         *
         * @param consumer the channel's consumer; one consumer may be added once.
         * @param handler  receives the channel's messages.
         * @return this builder.
         * @throws NullPointerException     if either is null.
         * @throws IllegalArgumentException if the consumer was added already.
         */
        public Builder add(final ChannelConsumer consumer, final MessageHandler handler)
        {
            Objects.requireNonNull(consumer, "consumer");
            Objects.requireNonNull(handler, "handler");
            final Integer previous = indexes.putIfAbsent(consumer, consumers.size());
            if (previous != null)
            {
                throw new IllegalArgumentException(consumer + " was added already as channel " + previous);
            }
            consumers.add(consumer);
            handlers.add(handler);
            return this;
        }

        /**
         * Adds a channel whose messages go to a handler that is told the channel's index.
         *
         * @param consumer the channel's consumer; one consumer may be added once.
         * @param handler  receives the channel's messages with the channel's index.
         * @return this builder.
         * @throws NullPointerException     if either is null.
         * @throws IllegalArgumentException if the consumer was added already.
         */
        public Builder add(final ChannelConsumer consumer, final ChannelMessageHandler handler)
        {
            Objects.requireNonNull(handler, "handler");
            return add(consumer, new IndexedHandler(consumers.size(), handler));
        }

        /**
         * Sets who hears channel ends and other negative statuses. Without a listener, ends are
         * still visible through {@link ChannelSelector#status(int)} and {@link #ALL_ENDED}, but other
         * statuses (a broadcast subscriber that fell behind and lost messages) go unreported: give a
         * listener whenever such a channel is selected.
         *
         * @param listener called on the selecting thread.
         * @return this builder.
         * @throws NullPointerException if the listener is null.
         */
        public Builder onStatus(final ChannelStatusListener listener)
        {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the most messages taken from one channel in one round: lower is fairer, higher is
         * cheaper per message.
         *
         * @param limit the most messages per channel per round.
         * @return this builder.
         * @throws IllegalArgumentException if the limit is not positive.
         */
        public Builder batchLimit(final int limit)
        {
            if (limit <= 0)
            {
                throw new IllegalArgumentException("batchLimit " + limit + " must be positive");
            }
            this.batchLimit = limit;
            return this;
        }

        /**
         * Polls in index order every round and ends the round at the first channel that had
         * messages, instead of rotating: channel 0 always goes first. A channel that always has
         * messages then starves every channel after it; use it for a few control channels added
         * before the busy ones.
         *
         * @return this builder.
         */
        public Builder biased()
        {
            this.biased = true;
            return this;
        }

        /**
         * Builds the selector. The builder may be reused; later changes do not affect this selector.
         *
         * @return the selector.
         * @throws IllegalStateException if no channel was added.
         */
        public ChannelSelector build()
        {
            if (consumers.isEmpty())
            {
                throw new IllegalStateException("a ChannelSelector needs at least one channel; none was added");
            }
            return new ChannelSelector(this);
        }
    }

    /** Stands in for a removed channel until the slot list is compacted: never has a message. */
    private static final class RemovedConsumer implements ChannelConsumer
    {
        static final RemovedConsumer INSTANCE = new RemovedConsumer();

        @Override
        public int poll(final MessageHandler handler, final int limit)
        {
            return 0;
        }

        @Override
        public int receive(
            final MessageHandler handler, final int limit, final long timeout, final TimeUnit unit, final IdleStrategy idle)
        {
            return 0;
        }

        @Override
        public long lostMessages()
        {
            return 0;
        }

        @Override
        public boolean isProducerAlive()
        {
            return false;
        }

        @Override
        public void close()
        {
        }
    }

    /** Adapts a handler that wants the channel's index; one per channel, made once when it is added. */
    private static final class IndexedHandler implements MessageHandler
    {
        private final int channel;
        private final ChannelMessageHandler handler;

        IndexedHandler(final int channel, final ChannelMessageHandler handler)
        {
            this.channel = channel;
            this.handler = handler;
        }

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int index, final int length)
        {
            handler.onMessage(channel, typeId, buffer, index, length);
        }
    }
}
