package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.BroadcastRingDescriptor.ALIGNMENT;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.HEADER_LENGTH;
import static io.ipcsync.core.ring.RecordDescriptor.align;
import static io.ipcsync.core.ring.RecordDescriptor.typeOffset;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.CorruptChannelException;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Validation of the positions and records of a broadcast ring read from shared memory, so that a
 * corrupt file is an exception and never an access out of bounds.
 */
final class BroadcastChecks
{
    private BroadcastChecks()
    {
    }

    /**
     * Checks tail, latest and tail intent against each other: all aligned and not negative, the
     * intent at most a capacity past the tail, latest a record position at most a capacity before
     * the tail and at most the padding distance after it (a producer stores latest, then tail).
     */
    static void checkState(final ChannelFile file, final long tail, final long latest, final long intent)
    {
        final int capacity = file.layout().capacity();
        final boolean aligned = ((tail | latest | intent) & (ALIGNMENT - 1)) == 0;
        final boolean latestOk = latest >= 0 && ((int)latest & (capacity - 1)) <= capacity - HEADER_LENGTH &&
            (tail == 0 ? latest == 0 :
            latest - tail < 0 ? tail - latest <= capacity : latest - tail <= paddingAfter(tail, capacity));
        if (!aligned || tail < 0 || intent < tail || intent - tail > capacity || !latestOk)
        {
            throw new CorruptChannelException(file.path(), "impossible broadcast positions: tail " + tail + ", latest " +
                latest + ", tail intent " + intent + " (capacity " + capacity + ")");
        }
    }

    /**
     * Returns how far the first record after the tail can start past it: 0, or the padding to the end of the ring.
     */
    static int paddingAfter(final long tail, final int capacity)
    {
        return capacity - ((int)tail & (capacity - 1));
    }

    /**
     * Returns the aligned length of the record at {@code latest}, after checking its header; only
     * for a ring no one writes meanwhile (the transmitter's own, on attach).
     */
    static int alignedLengthAt(final ChannelFile file, final AtomicBuffer ring, final long latest)
    {
        final int recordIndex = (int)latest & (ring.capacity() - 1);
        final int recordLength = ring.getInt(recordIndex);
        final String problem = messageHeaderProblem(file, recordIndex, recordLength, ring.getInt(typeOffset(recordIndex)));
        if (problem != null)
        {
            throw corrupt(file, latest, "the latest record: " + problem);
        }
        return align(recordLength);
    }

    /**
     * Returns the sequence of the record at {@code latest}, after checking its header; only for a
     * ring no one writes meanwhile (the transmitter's own, on attach).
     */
    static long sequenceAt(final ChannelFile file, final AtomicBuffer ring, final long latest)
    {
        final int recordIndex = (int)latest & (ring.capacity() - 1);
        final int recordLength = ring.getInt(recordIndex);
        final int type = ring.getInt(typeOffset(recordIndex));
        final String problem = messageHeaderProblem(file, recordIndex, recordLength, type);
        if (problem != null)
        {
            throw corrupt(file, latest, "the latest record: " + problem);
        }
        final long sequence = ring.getLong(BroadcastRingDescriptor.sequenceOffset(recordIndex));
        if (sequence < 0)
        {
            throw corrupt(file, latest, "the latest record's sequence " + sequence + " is negative");
        }
        return sequence;
    }

    /**
     * Returns what is wrong with the header of a message record (not padding), or null if it fits
     * the channel: a length from the header length to the max record length that ends before the
     * end of the ring, and a type of zero or more.
     */
    static String messageHeaderProblem(final ChannelFile file, final int recordIndex, final int recordLength, final int type)
    {
        final int maxRecordLength = file.layout().maxMessageLength() + HEADER_LENGTH;
        if (type < 0)
        {
            return "record type " + type + " is negative";
        }
        if (recordLength < HEADER_LENGTH || recordLength > maxRecordLength || align(recordLength) > capacityOf(file) - recordIndex)
        {
            return "record length " + recordLength + " is outside " + HEADER_LENGTH + ".." + maxRecordLength +
                " or runs past the end of the ring";
        }
        return null;
    }

    private static int capacityOf(final ChannelFile file)
    {
        return file.layout().capacity();
    }

    static CorruptChannelException corrupt(final ChannelFile file, final long position, final String what)
    {
        return new CorruptChannelException(file.path(), "corrupt broadcast ring at position " + position + ": " + what);
    }
}
