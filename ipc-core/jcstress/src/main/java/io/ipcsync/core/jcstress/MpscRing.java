package io.ipcsync.core.jcstress;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ring.MpscRingConsumer;
import io.ipcsync.core.ring.MpscRingProducer;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two producers and a consumer over a fresh 1 KiB MPSC channel file, for one jcstress state; made
 * and cleaned up by {@link UnlinkedChannelFile}.
 */
public final class MpscRing implements AutoCloseable
{
    /** Ring capacity in bytes. */
    public static final int CAPACITY = 1024;
    /** Type of the first producer's messages. */
    public static final int TYPE_1 = 1;
    /** Type of the second producer's messages. */
    public static final int TYPE_2 = 2;
    /** What a handler records for a message whose content is not what its producer wrote. */
    public static final int TORN = 9;

    private static final long LIVENESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CLAIM_TIMEOUT_NANOS = TimeUnit.HOURS.toNanos(1);

    private final ChannelFile file;
    /** The first producer. */
    public final MpscRingProducer producer1;
    /** The second producer. */
    public final MpscRingProducer producer2;
    /** The consumer. */
    public final MpscRingConsumer consumer;

    /**
     * Creates, maps and deletes a channel file and attaches two producers and the consumer, whose
     * claim timeout is an hour.
     */
    public MpscRing()
    {
        this(CLAIM_TIMEOUT_NANOS);
    }

    /**
     * Creates, maps and deletes a channel file and attaches two producers and the consumer.
     *
     * @param claimTimeoutNanos the consumer's claim timeout.
     */
    public MpscRing(final long claimTimeoutNanos)
    {
        file = UnlinkedChannelFile.create(ChannelLayout.of(ChannelMode.MPSC, CAPACITY));
        producer1 = new MpscRingProducer(file, LIVENESS_INTERVAL_NANOS);
        producer2 = new MpscRingProducer(file, LIVENESS_INTERVAL_NANOS);
        consumer = new MpscRingConsumer(file, LIVENESS_INTERVAL_NANOS, claimTimeoutNanos);
    }

    /**
     * Moves both positions to {@code bytesBeforeEnd} bytes before the end of the ring, with
     * 16-byte records offered and polled.
     *
     * @param bytesBeforeEnd a multiple of 16 below the capacity.
     */
    public void advanceTo(final int bytesBeforeEnd)
    {
        for (int i = 0; i < (CAPACITY - bytesBeforeEnd) / 16; i++)
        {
            if (!producer1.offerLong(TYPE_1, 0) || consumer.poll((typeId, buffer, index, length) -> { }, 1) != 1)
            {
                throw new IllegalStateException("setup: could not move one record through " + file);
            }
        }
    }

    /**
     * Claims, writes two longs and commits, failing if there is no room.
     *
     * @param producer one of the two producers.
     * @param typeId   its type.
     * @param first    the first long.
     * @param second   the second long.
     */
    public static void claimAndCommit(final MpscRingProducer producer, final int typeId, final long first, final long second)
    {
        final int index = producer.tryClaim(typeId, 16);
        if (index < 0)
        {
            throw new IllegalStateException("no room in the ring: " + index);
        }
        final AtomicBuffer buffer = producer.buffer();
        buffer.putLong(index, first);
        buffer.putLong(index + 8, second);
        producer.commit(index);
    }

    /**
     * Polls everything left, recording the type of the first two messages in r1 and r2 ({@link #TORN}
     * for one whose content is not what {@link #claimAndCommit} or {@code offerLong} wrote for its
     * type) and the number of messages in r3.
     *
     * @param r where the outcome goes.
     */
    public void drainInto(final III_Result r)
    {
        final int[] seen = new int[3];
        final int[] count = {0};
        int read;
        while ((read = consumer.poll((typeId, buffer, index, length) ->
        {
            if (count[0] < 2)
            {
                seen[count[0]] = check(typeId, buffer, index, length) ? typeId : TORN;
            }
            count[0]++;
        }, 16)) > 0)
        {
            seen[2] += read;
        }
        r.r1 = seen[0];
        r.r2 = seen[1];
        r.r3 = seen[2];
    }

    /**
     * Returns true when a message holds what its producer wrote: for type 1 {@link Values#FIRST} and
     * {@link Values#SECOND} (16 bytes) or {@link Values#FIRST} (8 bytes), for type 2 {@link Values#NEWER}
     * and {@link Values#OLD} or {@link Values#NEWER}.
     *
     * @param typeId its type.
     * @param buffer the ring.
     * @param index  where it starts.
     * @param length its length.
     * @return true when a message holds what its producer wrote.
     */
    public static boolean check(final int typeId, final DirectBuffer buffer, final int index, final int length)
    {
        final long first = typeId == TYPE_1 ? Values.FIRST : Values.NEWER;
        final long second = typeId == TYPE_1 ? Values.SECOND : Values.OLD;
        return (typeId == TYPE_1 || typeId == TYPE_2) && buffer.getLong(index) == first &&
            (length == 8 || length == 16 && buffer.getLong(index + 8) == second);
    }

    /**
     * Polls everything left and returns how many messages that was.
     *
     * @return the number of messages read.
     */
    public int drain()
    {
        int total = 0;
        int read;
        while ((read = consumer.poll((typeId, buffer, index, length) -> { }, 16)) > 0)
        {
            total += read;
        }
        return total;
    }

    /**
     * Closes every party and unmaps the file. Only once every actor of the state is done.
     */
    @Override
    public void close()
    {
        producer1.close();
        producer2.close();
        consumer.close();
        file.close();
    }
}
