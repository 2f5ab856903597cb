package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.RecordDescriptor.ALIGNMENT;
import static io.ipcsync.core.ring.RecordDescriptor.HEADER_LENGTH;
import static io.ipcsync.core.ring.RecordDescriptor.PADDING_TYPE_ID;
import static io.ipcsync.core.ring.RecordDescriptor.typeOffset;

import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.CorruptChannelException;
import java.nio.file.Path;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Where the committed records of an SPSC ring end, and how many messages and bytes the producers
 * have sent in all: the position and counters the producer last announced in the header (see
 * {@link SpscRingDescriptor}), plus the records committed after it, found by walking their headers.
 *
 * <p>A producer stores its position and counters only every
 * {@link SpscRingDescriptor#announceInterval} bytes of records, when the ring is full and when it
 * closes, so up to that many bytes of records can follow the stored position. The walk reads their
 * headers and ends at the first zero length word: the length word after the last committed record
 * is zero (see {@link RingZeroing}). The consumer zeroes records, headers too, once it has read
 * past them: when it has read past the stored position, the walk starts at the consumer position
 * instead, with the consumer's counters (which it stores right after its position, so a walk that
 * meets a consumer in the middle of a poll may count that poll's messages short), and walks again
 * if the consumer moved meanwhile. It never returns a position behind the consumer's.
 *
 * @param position one past the last committed record.
 * @param messages messages committed since the channel was created.
 * @param bytes    message bytes committed since the channel was created.
 */
public record SpscCommittedTail(long position, long messages, long bytes)
{
    private static final int MAX_ATTEMPTS = 10;

    /**
     * Walks from the announced producer position, or from the consumer position when it is ahead.
     * Exact when no producer is writing, also after one died mid-announcement (the announcement in
     * force is always whole); while one is, the result is a moment of its progress. A reader that
     * falls asleep while the producer laps the ring may read records of the next lap: when the
     * positions moved meanwhile, it walks again rather than report a healthy ring as corrupt, and
     * after ten attempts it returns a result only if it is not behind the consumer.
     *
     * @param path   the channel file, for error messages.
     * @param layout its layout (capacity and max message length).
     * @param header the file's header page.
     * @param ring   the file's ring.
     * @return the committed end and counts.
     * @throws CorruptChannelException if the positions or a record header are impossible.
     */
    public static SpscCommittedTail walk(final Path path, final ChannelLayout layout, final AtomicBuffer header,
        final AtomicBuffer ring)
    {
        for (int attempt = 1; ; attempt++)
        {
            final long head = header.getLongVolatile(SpscRingDescriptor.CONSUMER_POSITION_OFFSET);
            final int inForce = header.getIntVolatile(SpscRingDescriptor.ANNOUNCEMENT_IN_FORCE_OFFSET) & 1;
            final int offset = SpscRingDescriptor.announcementOffset(inForce);
            final long stored = header.getLongVolatile(offset);
            final boolean consumerAhead = head > stored;
            final long messages = consumerAhead ?
                header.getLongVolatile(SpscRingDescriptor.MESSAGES_RECEIVED_OFFSET) : header.getLongVolatile(offset + Long.BYTES);
            final long bytes = consumerAhead ?
                header.getLongVolatile(SpscRingDescriptor.BYTES_RECEIVED_OFFSET) : header.getLongVolatile(offset + 2 * Long.BYTES);
            try
            {
                final SpscCommittedTail tail = walkFrom(path, layout, ring, head, stored, messages, bytes);
                if (!moved(header, head, inForce, stored) || attempt >= MAX_ATTEMPTS &&
                    tail.position() >= header.getLongVolatile(SpscRingDescriptor.CONSUMER_POSITION_OFFSET))
                {
                    return tail;
                }
            }
            catch (final CorruptChannelException ex)
            {
                if (!moved(header, head, inForce, stored) || attempt == MAX_ATTEMPTS)
                {
                    throw ex;
                }
            }
        }
    }

    /**
     * Returns the producer position of the announcement in force.
     *
     * @param header the file's header page.
     * @return the position the producer last announced.
     */
    public static long announcedPosition(final AtomicBuffer header)
    {
        final int inForce = header.getIntVolatile(SpscRingDescriptor.ANNOUNCEMENT_IN_FORCE_OFFSET) & 1;
        return header.getLongVolatile(SpscRingDescriptor.announcementOffset(inForce));
    }

    /** True when a producer or consumer moved on while this reader looked: its view may mix two moments. */
    private static boolean moved(final AtomicBuffer header, final long head, final int inForce, final long stored)
    {
        return header.getLongVolatile(SpscRingDescriptor.CONSUMER_POSITION_OFFSET) != head ||
            (header.getIntVolatile(SpscRingDescriptor.ANNOUNCEMENT_IN_FORCE_OFFSET) & 1) != inForce ||
            announcedPosition(header) != stored;
    }

    private static SpscCommittedTail walkFrom(final Path path, final ChannelLayout layout, final AtomicBuffer ring,
        final long head, final long stored, final long storedMessages, final long storedBytes)
    {
        final int capacity = layout.capacity();
        final int mask = capacity - 1;
        long messages = storedMessages;
        long bytes = storedBytes;
        if (head < 0 || stored < 0 || ((head | stored) & (ALIGNMENT - 1)) != 0 || Math.abs(stored - head) > capacity)
        {
            throw RingChecks.impossiblePositions(path, head, stored, capacity);
        }
        long position = Math.max(stored, head);
        while (true)
        {
            final int recordIndex = (int)position & mask;
            final int recordLength = ring.getIntVolatile(recordIndex);
            if (recordLength == 0)
            {
                break;
            }
            final int type = ring.getInt(typeOffset(recordIndex));
            position += RingChecks.checkedAlignedLength(
                path, layout.maxMessageLength(), ring, recordIndex, recordLength, type, position);
            if (type != PADDING_TYPE_ID)
            {
                messages++;
                bytes += recordLength - HEADER_LENGTH;
            }
            if (position - Math.min(head, stored) > capacity)
            {
                throw RingChecks.corrupt(path, position, "no free record slot after the producer position " + stored);
            }
        }
        return new SpscCommittedTail(position, messages, bytes);
    }
}
