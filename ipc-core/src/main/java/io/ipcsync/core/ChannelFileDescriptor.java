package io.ipcsync.core;

/**
 * Layout of the header page at the start of every channel file. The ring follows the header page.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Magic "IPCSYNC\0"                        |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |           Layout Version (written last, read first)           |  8
 *  +---------------------------------------------------------------+
 *  |                            Mode                               | 12
 *  +---------------------------------------------------------------+
 *  |                    Ring Capacity (bytes)                      | 16
 *  +---------------------------------------------------------------+
 *  |                     Max Message Length                        | 20
 *  +---------------------------------------------------------------+
 *  |                   Header Length (bytes)                       | 24
 *  +---------------------------------------------------------------+
 *  |                           Flags                               | 28
 *  +---------------------------------------------------------------+
 *  |                 Creation Time (epoch millis)                  | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                         Creator PID                           | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  Lanes (0: one ring; MPSC only)               | 48
 *  +---------------------------------------------------------------+
 *  |                          Reserved                             | 52
 *  +---------------------------------------------------------------+
 *  |       Creator PID Namespace (the N of /proc/self/ns/pid's     | 56
 *  |       "pid:[N]"; 0: unknown, the file is opened anywhere)     |
 *  +---------------------------------------------------------------+
 *  |                   Reserved up to offset 128                   | 64
 *  +---------------------------------------------------------------+
 *  |      Ring state: mode-specific, 128 to HEADER_LENGTH - 1      | 128
 *  |        (for SPSC see {@code SpscRingDescriptor})              |
 *  +---------------------------------------------------------------+
 *  |                Ring: Capacity bytes of records                | HEADER_LENGTH
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * An MPSC file with lanes keeps the ring state and the ring above: that ring is its overflow
 * ring, which the producers that find every lane held share (by CAS, like an MPSC channel without
 * lanes). Lane {@code i} (0 to Lanes - 1) follows the overflow ring, laid out like an SPSC channel
 * without the common fields: a state page (the SPSC ring state at the same offsets) and its ring.
 *
 * <pre>
 *  (i + 1) * (HEADER_LENGTH + Capacity)                    lane i state page
 *  (i + 1) * (HEADER_LENGTH + Capacity) + HEADER_LENGTH    lane i ring, Capacity bytes
 * </pre>
 *
 * The creator fills every field, then stores the layout version with release semantics; a
 * reader loads the version with acquire semantics and trusts nothing before it is non-zero.
 */
public final class ChannelFileDescriptor
{
    /** "IPCSYNC\0" read as a little-endian long. */
    public static final long MAGIC;
    /**
     * The layout this code reads and writes. Version 7: an SPSC ring (and a lane) may hold padding
     * records that fill the rest of a cache line, not only the rest of the ring (see
     * {@link io.ipcsync.core.ring.RecordDescriptor}). Version 6: an MPSC file with lanes has an overflow
     * ring before its lanes, for the producers beyond its lanes. Version 5: an SPMC or MPMC consumer hands a slot on
     * with a release store after checking its party slot for a revocation, and a producer revokes a dead
     * consumer's record before it frees the slot that consumer took (see
     * {@link io.ipcsync.core.ring.SlotRingDescriptor}). Version 4: an MPSC producer commits with a
     * release store after checking its slot for a revocation, and MPSC padding may have any length
     * from {@link io.ipcsync.core.ring.RecordDescriptor#HEADER_LENGTH} (see
     * {@link io.ipcsync.core.ring.MpscRingDescriptor}). Parties of older versions would misread
     * each other's claims.
     */
    public static final int LAYOUT_VERSION = 7;
    /** Length of the header page; the ring starts here, page aligned. */
    public static final int HEADER_LENGTH = 4096;
    /** Smallest ring capacity accepted. */
    public static final int MIN_CAPACITY = 1024;
    /** Largest ring capacity accepted (ring indexes are ints). */
    public static final int MAX_CAPACITY = 1 << 30;

    /** Flag bit: the file and its directory were created readable and writable by the group. */
    public static final int FLAG_GROUP_ACCESS = 1;

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET;
    /** Offset of the layout version, the field written last. */
    public static final int LAYOUT_VERSION_OFFSET;
    /** Offset of the {@link ChannelMode#code()}. */
    public static final int MODE_OFFSET;
    /** Offset of the ring capacity in bytes, a power of two. */
    public static final int CAPACITY_OFFSET;
    /** Offset of the max message length in bytes. */
    public static final int MAX_MESSAGE_LENGTH_OFFSET;
    /** Offset of the header length, so a reader can check the file length. */
    public static final int HEADER_LENGTH_OFFSET;
    /** Offset of the flags. */
    public static final int FLAGS_OFFSET;
    /** Offset of the creation time in epoch milliseconds. */
    public static final int CREATION_TIME_OFFSET;
    /** Offset of the creator's process id. */
    public static final int CREATOR_PID_OFFSET;
    /** Offset of the lane count of an MPSC channel, 0 when its producers share one ring. */
    public static final int LANES_OFFSET;
    /**
     * Offset of the creator's pid namespace: a process of another namespace is refused at open, since
     * parties tell a dead peer by its pid ({@link ProcessLiveness}). The field came without a new
     * layout version: it was reserved (zero) before, and zero means unknown, checked by no one.
     */
    public static final int CREATOR_PID_NAMESPACE_OFFSET;
    /** Offset where the mode-specific ring state begins. */
    public static final int RING_STATE_OFFSET;

    static
    {
        long magic = 0;
        final byte[] text = {'I', 'P', 'C', 'S', 'Y', 'N', 'C', 0};
        for (int i = text.length - 1; i >= 0; i--)
        {
            magic = (magic << 8) | text[i];
        }
        MAGIC = magic;

        int offset = 0;
        MAGIC_OFFSET = offset;
        offset += Long.BYTES;
        LAYOUT_VERSION_OFFSET = offset;
        offset += Integer.BYTES;
        MODE_OFFSET = offset;
        offset += Integer.BYTES;
        CAPACITY_OFFSET = offset;
        offset += Integer.BYTES;
        MAX_MESSAGE_LENGTH_OFFSET = offset;
        offset += Integer.BYTES;
        HEADER_LENGTH_OFFSET = offset;
        offset += Integer.BYTES;
        FLAGS_OFFSET = offset;
        offset += Integer.BYTES;
        CREATION_TIME_OFFSET = offset;
        offset += Long.BYTES;
        CREATOR_PID_OFFSET = offset;
        offset += Long.BYTES;
        LANES_OFFSET = offset;
        offset += 2 * Integer.BYTES;
        CREATOR_PID_NAMESPACE_OFFSET = offset;
        RING_STATE_OFFSET = 128;
    }

    private ChannelFileDescriptor()
    {
    }

    /**
     * Returns the length of a channel file with that ring, or that overflow ring and those lanes.
     *
     * @param capacity a ring capacity in bytes, of each lane when there are lanes.
     * @param lanes    0 for one ring, else the number of lanes.
     * @return the length of a channel file with that ring, or that overflow ring and those lanes.
     */
    public static long fileLength(final int capacity, final int lanes)
    {
        return laneOffset(capacity, lanes);
    }

    /**
     * Returns where a lane's state page starts in the file; its ring follows the page.
     *
     * @param capacity the capacity of each lane.
     * @param lane     0 to lanes - 1.
     * @return where the lane's state page starts in the file.
     */
    public static long laneOffset(final int capacity, final int lane)
    {
        return (lane + 1L) * (HEADER_LENGTH + capacity);
    }
}
