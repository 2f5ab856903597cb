package io.ipcsync.bench.throughput;

import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The work every throughput benchmark does, the same for every library.
 *
 * <p>A message of {@code size} bytes carries a sequence number in its first 8 bytes and again in
 * its last 8 bytes (one field when {@code size == 8}); the bytes between are copied from a
 * source buffer, as an encoder would write them. The consumer checks that both fields hold the
 * next expected sequence, so a message that was not really written, or written only in part,
 * fails the run.
 */
public final class Workload
{
    /** The message sizes of the comparison, as JMH parameter values. */
    public static final String SIZE_8 = "8";
    /** See {@link #SIZE_8}. */
    public static final String SIZE_1K = "1024";

    /** Message type id, for the libraries that carry one. */
    public static final int TYPE_ID = 1;

    /** Most messages one consumer call may take: the same batch limit for every library. */
    public static final int BATCH_LIMIT = 256;

    /** Data bytes of a byte ring (Agrona, ipcsync): 1 MiB, the ipcsync default capacity. */
    public static final int RING_BYTES = 1 << 20;

    private Workload()
    {
    }

    /**
     * Element capacity for the object queues (JCTools, Disruptor, {@code ArrayBlockingQueue}) that
     * holds the same backlog as a {@link #RING_BYTES} byte ring with an 8-byte record header:
     * 65,536 messages of 8 bytes, 1,024 of 1 KiB.
     *
     * @param size message size in bytes.
     * @return a power of two.
     */
    public static int queueCapacity(final int size)
    {
        final int messages = RING_BYTES / (size + 8);
        return Integer.highestOneBit(messages - 1) << 1;
    }

    /**
     * Returns a direct buffer to copy messages of {@code size} bytes from, as an encoder's buffer:
     * filled with {@code 'x'}, the bytes between the fields each send writes (the sequence here,
     * the timestamp and sequence in the latency harness's transports).
     *
     * @param size message size in bytes.
     * @return a direct buffer of {@code size} bytes.
     */
    public static UnsafeBuffer messageSource(final int size)
    {
        final UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(size));
        source.setMemory(0, size, (byte)'x');
        return source;
    }

    /**
     * Checks one message's sequence fields.
     *
     * @param expected sequence the consumer expects.
     * @param first    sequence found in the message's first 8 bytes.
     * @param last     sequence found in its last 8 bytes (the same field for 8-byte messages).
     * @return the sequence the next message must carry.
     * @throws IllegalStateException if the message was lost or torn.
     */
    public static long checkedNext(final long expected, final long first, final long last)
    {
        if (first != expected | last != expected)
        {
            throw mismatch(expected, first, last);
        }
        return expected + 1;
    }

    /**
     * Checks one message of a broadcast subscriber, which may have lost messages to laps: whole
     * (both fields equal), not repeated or out of order, and, when the library reports every loss
     * before its gap ({@code strict}), exactly the expected one.
     *
     * @param expected sequence the subscriber expects.
     * @param first    sequence found in the message's first 8 bytes.
     * @param last     sequence found in its last 8 bytes.
     * @param strict   true when no unreported gap is allowed.
     * @return the messages lost before this one: {@code first - expected}.
     * @throws IllegalStateException if the message was torn, repeated, out of order, or after an unreported gap.
     */
    public static long checkedGap(final long expected, final long first, final long last, final boolean strict)
    {
        if (first != last || first < expected || (strict && first != expected))
        {
            throw mismatch(expected, first, last);
        }
        return first - expected;
    }

    /**
     * Fails the run when a message did not carry the expected sequence.
     *
     * @param expected sequence the consumer expected.
     * @param first    sequence found in the first 8 bytes.
     * @param last     sequence found in the last 8 bytes.
     * @return never returns normally.
     */
    public static IllegalStateException mismatch(final long expected, final long first, final long last)
    {
        return new IllegalStateException(
            "message lost or torn: expected sequence " + expected + ", first field " + first + ", last field " + last);
    }
}
