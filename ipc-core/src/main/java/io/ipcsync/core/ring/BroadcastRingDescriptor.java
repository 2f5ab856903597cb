package io.ipcsync.core.ring;

import io.ipcsync.core.ChannelFileDescriptor;

/**
 * Layout of the ring state and the records of a BROADCAST channel. Only the transmitter writes to
 * the file; subscribers only read, so any number of them can attach without a registry, and the
 * transmitter never waits for them.
 *
 * <p>Ring state, inside the header page after the common fields of {@link ChannelFileDescriptor}.
 * Every hot field is the transmitter's and sits on its one 128-byte line; the fields shared with
 * {@link SpscRingDescriptor} (closed flag, position, counters, owner, start time, heartbeat) have
 * the SPSC producer's offsets, so a {@link io.ipcsync.core.ChannelSnapshot} of a broadcast file
 * reads the producer side right. The SPSC consumer line (384..) stays zero: subscribers write
 * nothing.
 *
 * <pre>
 *  offset  field                          written by the transmitter
 *  ------  -----------------------------  ------------------------------------------------
 *   128    producer closed (int)          on close; cleared on attach
 *   256    tail (long)                    release store after each record: where the next goes
 *   264    messages sent (long)           after each record; equals the next record's sequence
 *   272    bytes sent (long)              message bytes, not framing
 *   280    reserved (long, 0)             the SPSC full-event counter: a broadcast is never full
 *   288    producer owner (long)          CAS on attach: pid &lt;&lt; 24 | per-JVM sequence
 *   296    producer start time (long)     process start, epoch millis (pid reuse guard)
 *   304    producer heartbeat (long)      epoch millis, on attach
 *   312    tail intent (long)             release store + store fence BEFORE a record is written:
 *                                         the end of the bytes about to be overwritten; never decreases
 *   320    latest (long)                  release store after each record: where the newest record starts
 * </pre>
 *
 * <p>Records start at 8-byte aligned positions and have a 16-byte header:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Record Length (header + message)              |  0
 *  +---------------------------------------------------------------+
 *  |                            Type                               |  4
 *  +---------------------------------------------------------------+
 *  |             Sequence: 0 for the channel's first message,      |  8
 *  |             one more for each message after it                |
 *  +---------------------------------------------------------------+
 *  |                       Encoded Message                        ...  16
 * ...                                                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A record whose type is {@link RecordDescriptor#PADDING_TYPE_ID} fills the space to the end of the
 * ring; it has only length and type (the space left can be 8 bytes), no sequence and no message.
 *
 * <p>Protocol (that of Agrona's broadcast buffer, plus the sequence): the transmitter stores the
 * tail intent, fences, writes the record (and the padding before it, if it wraps), then stores
 * latest and tail with release semantics. A subscriber copies a run of records below the tail it
 * loaded (headers and messages, up to {@link #BATCH_BYTES} or its poll's limit), fences, and loads
 * the tail intent once for the whole run: when the intent is more than a capacity past the run's
 * first record, the transmitter may have overwritten it (a lap), and the copy is thrown away;
 * otherwise no byte of the run was touched, since every later record starts further on. Only then
 * does it read the copied headers and hand over the messages. Agrona's receiver loads the intent
 * once per message, and that load takes the transmitter's line, which it writes for every message.
 * A lapped subscriber continues at latest; the difference of sequences is what it lost.
 */
public final class BroadcastRingDescriptor
{
    /** Offset of the producer-closed flag. */
    public static final int PRODUCER_CLOSED_OFFSET;
    /** Offset of the tail: the position after the last complete record. */
    public static final int TAIL_OFFSET;
    /** Offset of the messages-sent counter (the sequence of the next record). */
    public static final int MESSAGES_SENT_OFFSET;
    /** Offset of the bytes-sent counter. */
    public static final int BYTES_SENT_OFFSET;
    /** Offset of the producer's owner token. */
    public static final int PRODUCER_OWNER_OFFSET;
    /** Offset of the producer's process start time. */
    public static final int PRODUCER_START_TIME_OFFSET;
    /** Offset of the producer's heartbeat. */
    public static final int PRODUCER_HEARTBEAT_OFFSET;
    /** Offset of the tail intent: the end of the bytes the transmitter is writing. */
    public static final int TAIL_INTENT_OFFSET;
    /** Offset of the position of the newest complete record. */
    public static final int LATEST_OFFSET;

    /** Length of a record header: length, type and sequence. */
    public static final int HEADER_LENGTH = 16;
    /** Records start at multiples of this. */
    public static final int ALIGNMENT = RecordDescriptor.ALIGNMENT;
    /**
     * The most bytes of records a subscriber copies before it checks them against the tail intent
     * (more when one record is longer: a record is never split).
     */
    public static final int BATCH_BYTES = 8 * 1024;
    /** Offset of the sequence inside a record. */
    public static final int SEQUENCE_FIELD_OFFSET = 8;

    static
    {
        PRODUCER_CLOSED_OFFSET = ChannelFileDescriptor.RING_STATE_OFFSET;

        int offset = ChannelFileDescriptor.RING_STATE_OFFSET + SpscRingDescriptor.LINE_LENGTH;
        TAIL_OFFSET = offset;
        MESSAGES_SENT_OFFSET = offset += Long.BYTES;
        BYTES_SENT_OFFSET = offset += Long.BYTES;
        offset += Long.BYTES; // reserved: where SPSC counts full events
        PRODUCER_OWNER_OFFSET = offset += Long.BYTES;
        PRODUCER_START_TIME_OFFSET = offset += Long.BYTES;
        PRODUCER_HEARTBEAT_OFFSET = offset += Long.BYTES;
        TAIL_INTENT_OFFSET = offset += Long.BYTES;
        LATEST_OFFSET = offset + Long.BYTES;
    }

    private BroadcastRingDescriptor()
    {
    }

    /**
     * Returns the index of its sequence field.
     *
     * @param recordIndex index of a record in the ring.
     * @return the index of its sequence field.
     */
    public static int sequenceOffset(final int recordIndex)
    {
        return recordIndex + SEQUENCE_FIELD_OFFSET;
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
}
