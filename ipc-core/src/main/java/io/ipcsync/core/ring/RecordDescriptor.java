package io.ipcsync.core.ring;

/**
 * Framing of one message in a ring. Records start at 8-byte aligned positions.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |R|                       Record Length                         |
 *  +-+-------------------------------------------------------------+
 *  |                            Type                               |
 *  +---------------------------------------------------------------+
 *  |                       Encoded Message                        ...
 * ...                                                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * The record length counts the header and the message, not the alignment. Writing a non-zero
 * record length with release semantics signals the record is complete; zero means nothing is
 * there yet. The space after the last record is zero (the consumer zeroes what it read before
 * handing it back, see {@link RingZeroing}), so a reader never mistakes an old lap's bytes for a
 * new record. A record whose type
 * is {@link #PADDING_TYPE_ID} fills the space up to the end of the ring and carries no message; in
 * an SPSC ring (and a lane) it may also fill the rest of a cache line, so that a record of up to a
 * line starts on the next one instead of straddling two (see {@link SpscRingProducer}).
 */
public final class RecordDescriptor
{
    /** Length of the record header. */
    public static final int HEADER_LENGTH = 8;
    /** Records start at multiples of this. */
    public static final int ALIGNMENT = 8;
    /** Type of a record that only fills space: to the end of the ring, or in an SPSC ring to the end of a cache line. */
    public static final int PADDING_TYPE_ID = -1;
    /** The cache line length the rings are laid out for. */
    public static final int CACHE_LINE_LENGTH = 64;

    private RecordDescriptor()
    {
    }

    /**
     * Returns the index of its length word.
     *
     * @param recordIndex index of a record in the ring.
     * @return the index of its length word.
     */
    public static int lengthOffset(final int recordIndex)
    {
        return recordIndex;
    }

    /**
     * Returns the index of its type word.
     *
     * @param recordIndex index of a record in the ring.
     * @return the index of its type word.
     */
    public static int typeOffset(final int recordIndex)
    {
        return recordIndex + Integer.BYTES;
    }

    /**
     * Returns the index of its message.
     *
     * @param recordIndex index of a record in the ring.
     * @return the index of its message.
     */
    public static int messageOffset(final int recordIndex)
    {
        return recordIndex + HEADER_LENGTH;
    }

    /**
     * Returns the length rounded up to {@link #ALIGNMENT}.
     *
     * @param length a record length.
     * @return the length rounded up to {@link #ALIGNMENT}.
     */
    public static int align(final int length)
    {
        return (length + (ALIGNMENT - 1)) & ~(ALIGNMENT - 1);
    }
}
