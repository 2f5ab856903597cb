package io.ipcsync.core.jcstress;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ring.SpscRingConsumer;
import io.ipcsync.core.ring.SpscRingDescriptor;
import io.ipcsync.core.ring.SpscRingProducer;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A producer and a consumer over a fresh 1 KiB SPSC channel file ({@link UnlinkedChannelFile}),
 * for one jcstress state. {@link #close()} unmaps; a state's {@code @Arbiter} calls it.
 */
public final class SpscRing implements AutoCloseable
{
    /** Ring capacity in bytes: small, so thousands of states cost little. */
    public static final int CAPACITY = 1024;
    /** Type of every message the tests write. */
    public static final int TYPE = 7;

    private static final long LIVENESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ChannelFile file;
    /** The producer side. */
    public final SpscRingProducer producer;
    /** The consumer side. */
    public final SpscRingConsumer consumer;

    /**
     * Creates, maps and deletes a channel file and attaches both sides.
     */
    public SpscRing()
    {
        file = UnlinkedChannelFile.create(ChannelLayout.of(ChannelMode.SPSC, CAPACITY));
        producer = new SpscRingProducer(file, LIVENESS_INTERVAL_NANOS);
        consumer = new SpscRingConsumer(file, LIVENESS_INTERVAL_NANOS);
    }

    /**
     * Offers a message of {@code length} bytes, each {@code fill}, and fails if it does not fit.
     *
     * @param length message length.
     * @param fill   the byte every message byte holds.
     */
    public void offerFilled(final int length, final byte fill)
    {
        final UnsafeBuffer source = new UnsafeBuffer(new byte[length]);
        source.setMemory(0, length, fill);
        if (!producer.offer(TYPE, source, 0, length))
        {
            throw new IllegalStateException("setup: no room for a " + length + "-byte message in " + file);
        }
    }

    /**
     * Polls one message and fails unless there was one.
     */
    public void pollOne()
    {
        final int read = consumer.poll((typeId, buffer, index, length) -> { }, 1);
        if (read != 1)
        {
            throw new IllegalStateException("setup: poll read " + read + " messages from " + file + ", expected 1");
        }
    }

    /**
     * Reads the consumer position from the ring state (where its reading has got to; the
     * producer waits on the cleared position instead).
     *
     * @return the position the consumer published.
     */
    public long consumerPosition()
    {
        return file.header().getLongVolatile(SpscRingDescriptor.CONSUMER_POSITION_OFFSET);
    }

    /**
     * Reads a long of the ring, for an arbiter.
     *
     * @param index where in the ring.
     * @return the long there.
     */
    public long ringLong(final int index)
    {
        return file.ring().getLongVolatile(index);
    }

    /**
     * Packs what a record header said into one number for a result field.
     *
     * @param typeId a message type.
     * @param length a message length.
     * @return a number saying both: {@code typeId * 1000 + length}.
     */
    public static long frame(final int typeId, final int length)
    {
        return typeId * 1000L + length;
    }

    /**
     * Closes both sides and unmaps the file. Only once every actor of the state is done.
     */
    @Override
    public void close()
    {
        producer.close();
        consumer.close();
        file.close();
    }
}
