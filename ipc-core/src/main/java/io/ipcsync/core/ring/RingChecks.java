package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.RecordDescriptor.CACHE_LINE_LENGTH;
import static io.ipcsync.core.ring.RecordDescriptor.HEADER_LENGTH;
import static io.ipcsync.core.ring.RecordDescriptor.PADDING_TYPE_ID;
import static io.ipcsync.core.ring.RecordDescriptor.align;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.CorruptChannelException;
import java.nio.file.Path;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Validation of values read from shared memory, so that a corrupt file is an exception and
 * never an access out of bounds.
 */
final class RingChecks
{
    private RingChecks()
    {
    }

    /**
     * Returns the file if it has the mode, else throws. (An MPSC file with lanes passes: its ring
     * after the header page is the overflow ring, which the MPSC ring classes read and write.)
     *
     * @throws IllegalArgumentException if it has another mode.
     */
    static ChannelFile requireMode(final ChannelFile file, final ChannelMode mode)
    {
        if (file.layout().mode() != mode)
        {
            throw new IllegalArgumentException(file.path() + " is a " + file.layout().mode() + " channel, not " + mode);
        }
        return file;
    }

    /**
     * Returns the file if it is an MPSC channel with lanes, else throws.
     *
     * @throws IllegalArgumentException if it is not.
     */
    static ChannelFile requireLanes(final ChannelFile file)
    {
        if (file.layout().mode() != ChannelMode.MPSC || file.layout().lanes() == 0)
        {
            throw new IllegalArgumentException(file.path() + " is a " + file.layout().mode() +
                " channel with one ring, not an MPSC channel with lanes");
        }
        return file;
    }

    static void checkPositions(final ChannelFile file, final long head, final long tail)
    {
        final int capacity = file.layout().capacity();
        if (!isWithinARingBehind(head, tail, capacity))
        {
            throw impossiblePositions(file.path(), head, tail, capacity);
        }
    }

    /**
     * True when {@code behind} is a record boundary at most a ring behind {@code ahead}: both
     * aligned, neither negative, {@code behind <= ahead}.
     */
    static boolean isWithinARingBehind(final long behind, final long ahead, final int capacity)
    {
        return behind >= 0 && ahead >= behind && ahead - behind <= capacity &&
            ((behind | ahead) & (RecordDescriptor.ALIGNMENT - 1)) == 0;
    }

    /**
     * Returns the error for a consumer and a producer position that cannot both be true.
     *
     * @param path     the channel file.
     * @param head     the consumer position.
     * @param tail     the producer position.
     * @param capacity the ring capacity.
     * @return the exception to throw.
     */
    static CorruptChannelException impossiblePositions(final Path path, final long head, final long tail, final int capacity)
    {
        return new CorruptChannelException(path, "impossible positions: consumer at " + head + ", producer at " + tail +
            " (capacity " + capacity + ")");
    }

    /**
     * Checks a record header read at a ring index and returns its aligned length.
     */
    static int checkedAlignedLength(
        final ChannelFile file,
        final AtomicBuffer ring,
        final int recordIndex,
        final int recordLength,
        final int type,
        final long position)
    {
        return checkedAlignedLength(file.path(), file.layout().maxMessageLength(), ring, recordIndex, recordLength, type, position);
    }

    /**
     * Checks a record header read at a ring index and returns its aligned length, naming the file
     * by its path (for a ring read without a {@link ChannelFile}).
     */
    static int checkedAlignedLength(
        final Path path,
        final int maxMessageLength,
        final DirectBuffer ring,
        final int recordIndex,
        final int recordLength,
        final int type,
        final long position)
    {
        final int capacity = ring.capacity();
        final int toEnd = capacity - recordIndex;
        if (type == PADDING_TYPE_ID)
        {
            final int toLineEnd = CACHE_LINE_LENGTH - (recordIndex & (CACHE_LINE_LENGTH - 1));
            if (recordLength != toEnd && recordLength != toLineEnd)
            {
                throw corrupt(path, position, "padding record length " + recordLength + " should reach the end of the " +
                    "cache line (" + toLineEnd + " bytes) or of the ring (" + toEnd + " bytes)");
            }
            return recordLength;
        }
        if (type < 0)
        {
            throw corrupt(path, position, "record type " + type + " is negative");
        }
        final int maxRecordLength = maxMessageLength + HEADER_LENGTH;
        if (recordLength < HEADER_LENGTH || recordLength > maxRecordLength || align(recordLength) > toEnd)
        {
            throw corrupt(path, position, "record length " + recordLength + " is outside " + HEADER_LENGTH + ".." +
                maxRecordLength + " or runs past the end of the ring");
        }
        return align(recordLength);
    }

    static CorruptChannelException corrupt(final ChannelFile file, final long position, final String what)
    {
        return corrupt(file.path(), position, what);
    }

    static CorruptChannelException corrupt(final Path path, final long position, final String what)
    {
        return new CorruptChannelException(path, "corrupt ring at position " + position + ": " + what);
    }
}
