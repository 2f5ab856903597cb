package io.ipcsync.core.jcstress;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ring.SlotRingConsumer;
import io.ipcsync.core.ring.SlotRingProducer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;

/**
 * A fresh 1 KiB MPMC (or SPMC) channel file of 32 slots (16-byte messages) for one jcstress state, with as many
 * producers and consumers attached as the test asks for. The file is deleted as soon as it is
 * mapped ({@link UnlinkedChannelFile}), and {@link #close()} (from the state's {@code @Arbiter}) unmaps it.
 */
public final class SlotRing implements AutoCloseable
{
    /** Ring capacity in bytes. */
    public static final int CAPACITY = 1024;
    /** Message length: two longs. */
    public static final int LENGTH = 16;
    /** Bit a handler sets for a message whose two longs are both {@link Values#FIRST}. */
    public static final int FIRST_BIT = 1;
    /** Bit a handler sets for a message whose two longs are both {@link Values#SECOND}. */
    public static final int SECOND_BIT = 2;
    /** Bit a handler sets for any other content: a torn or stale message. */
    public static final int TORN_BIT = 64;

    private static final long LIVENESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ChannelFile file;
    private final List<AutoCloseable> parties = new ArrayList<>();

    /**
     * Creates, maps and deletes an MPMC channel file.
     */
    public SlotRing()
    {
        this(ChannelMode.MPMC);
    }

    /**
     * Creates, maps and deletes a channel file.
     *
     * @param mode {@link ChannelMode#MPMC} or {@link ChannelMode#SPMC}.
     */
    public SlotRing(final ChannelMode mode)
    {
        file = UnlinkedChannelFile.create(new ChannelLayout(mode, CAPACITY, LENGTH));
    }

    /**
     * Attaches a producer.
     *
     * @return the producer.
     */
    public SlotRingProducer producer()
    {
        final SlotRingProducer producer = new SlotRingProducer(file, LIVENESS_INTERVAL_NANOS);
        parties.add(producer);
        return producer;
    }

    /**
     * Attaches a consumer.
     *
     * @param claimTimeoutNanos how long a claim may stay open before this consumer skips it.
     * @return the consumer.
     */
    public SlotRingConsumer consumer(final long claimTimeoutNanos)
    {
        final SlotRingConsumer consumer = new SlotRingConsumer(file, LIVENESS_INTERVAL_NANOS, claimTimeoutNanos);
        parties.add(consumer);
        return consumer;
    }

    /**
     * Returns the bit of a message's content: {@link #FIRST_BIT}, {@link #SECOND_BIT} or {@link #TORN_BIT}.
     *
     * @param buffer the ring.
     * @param index  where the message starts.
     * @param length its length.
     * @return the bit of a message's content.
     */
    public static int bitOf(final DirectBuffer buffer, final int index, final int length)
    {
        final long first = buffer.getLong(index);
        final long second = buffer.getLong(index + 8);
        if (length != LENGTH || first != second)
        {
            return TORN_BIT;
        }
        return first == Values.FIRST ? FIRST_BIT : first == Values.SECOND ? SECOND_BIT : TORN_BIT;
    }

    /**
     * Sends and takes {@code count} filler messages, so that the records a test writes next lie
     * around the end of the ring and in its second lap.
     *
     * @param producer a producer.
     * @param consumer a consumer.
     * @param count    how many, fewer than the slot count.
     */
    public static void advance(final SlotRingProducer producer, final SlotRingConsumer consumer, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (!producer.offerLong(0, i) || consumer.poll((typeId, buffer, index, length) -> { }, 1) != 1)
            {
                throw new IllegalStateException("setup: filler message " + i + " did not pass");
            }
        }
    }

    /**
     * Claims, writes and commits a record whose two longs are {@code value}.
     *
     * @param producer a producer.
     * @param value    {@link Values#FIRST} or {@link Values#SECOND}.
     */
    public static void write(final SlotRingProducer producer, final long value)
    {
        final int index = producer.tryClaim(1, LENGTH);
        if (index < 0)
        {
            throw new IllegalStateException("no room for a record: " + index);
        }
        producer.buffer().putLong(index, value);
        producer.buffer().putLong(index + 8, value);
        producer.commit(index);
    }

    /**
     * Polls until nothing is ready, returning the bits of every message taken.
     *
     * @param consumer a consumer.
     * @return the bits of the messages taken, 0 if none.
     */
    public static int drain(final SlotRingConsumer consumer)
    {
        final int[] bits = {0};
        while (consumer.poll((typeId, buffer, index, length) -> bits[0] |= bitOf(buffer, index, length), 16) > 0)
        {
            Thread.onSpinWait();
        }
        return bits[0];
    }

    /**
     * Closes every party and unmaps the file. Only once every actor of the state is done.
     */
    @Override
    public void close()
    {
        for (final AutoCloseable party : parties)
        {
            try
            {
                party.close();
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        }
        file.close();
    }
}
