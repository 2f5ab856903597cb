package io.ipcsync.core.ring;

import io.ipcsync.core.ChannelFileDescriptor;

/**
 * Layout of the ring state of an SPSC channel, inside the header page after the common fields of
 * {@link ChannelFileDescriptor}. Each side writes only its own 128-byte line in the hot path, so
 * the two never share a cache line (nor an adjacent-line prefetch pair).
 *
 * <pre>
 *  offset  field                          written by
 *  ------  -----------------------------  ------------------------------------------
 *   128    producer closed (int)          producer, on close; cleared on attach
 *   132    consumer closed (int)          consumer, on close; cleared on attach
 *   256    announcement 0:                producer (see below)
 *   256      producer position (long)
 *   264      messages sent (long)
 *   272      bytes sent (long)            message bytes, not framing
 *   280    full events (long)             producer, each offer or claim refused for space
 *   288    producer owner (long)          CAS on attach: pid &lt;&lt; 24 | per-JVM sequence
 *   296    producer start time (long)     process start, epoch millis (pid reuse guard)
 *   304    producer heartbeat (long)      epoch millis, while idle or blocked
 *   312    announcement in force (int)    producer, release store: 0 or 1
 *   320    announcement 1:                producer, the same three fields as announcement 0
 *   384    consumer position (long)       consumer, release store after each poll
 *   392    messages received (long)       consumer
 *   400    bytes received (long)          consumer
 *   408    consumer owner (long)          CAS on attach
 *   416    consumer start time (long)
 *   424    consumer heartbeat (long)
 *   432    consumer cleared (long)        consumer, release store after each poll: see below
 * </pre>
 *
 * <p>The producer announces its position and counters at least every {@link #announceInterval}
 * bytes of records, when the ring is full and on close, not after every message: it writes the
 * announcement not in force, then makes it the one in force with a release store, so a reader
 * (or a producer attaching after one that died mid-announcement) always finds a position and
 * counters that belong together. {@link SpscCommittedTail} finds the records committed after it.
 *
 * <p>After each poll the consumer stores its position, then zeroes what it read, headers too, in
 * one pass ({@link SpscCommittedTail} walks from the consumer position when it is past the
 * announced one), then stores how far it zeroed as the cleared position. It zeroes whole
 * {@link RingZeroing#CLEARING_GRAIN}-byte pairs of cache lines only, up to the start of the pair
 * that holds its position: the rest of that pair is zeroed once the consumer has read past it, or
 * when it closes. The producer may still be writing the next records into that pair, and zeroing
 * it would take the lines from the producer's core in the middle of its writes (that cost half the
 * throughput of 8-byte messages). The producer writes no further than a ring past the cleared
 * position (and one record header short of it), so the zeroing never meets a new record, and the
 * length word after each record the producer publishes is already zero: that zero ends every read
 * ({@link RingZeroing} lists who keeps the free space zero). Zeroing also leaves the lines the
 * producer writes next lap owned by the consumer's core rather than shared by both, and the
 * hand-off runs faster that way (measured turn by turn in {@code InterleavedRace}). A consumer that
 * died between the two stores leaves the cleared position further behind; the next consumer to
 * attach zeroes what lies between it and the consumer position, and sets the cleared position to
 * the consumer position.
 */
public final class SpscRingDescriptor
{
    /** Offset of the producer-closed flag. */
    public static final int PRODUCER_CLOSED_OFFSET;
    /** Offset of the consumer-closed flag. */
    public static final int CONSUMER_CLOSED_OFFSET;
    /** Offset of the producer's line, and of the producer position in announcement 0. */
    public static final int PRODUCER_POSITION_OFFSET;
    /** Offset of the messages-sent counter in announcement 0. */
    public static final int MESSAGES_SENT_OFFSET;
    /** Offset of the bytes-sent counter in announcement 0. */
    public static final int BYTES_SENT_OFFSET;
    /** Offset of the full-events counter. */
    public static final int FULL_EVENTS_OFFSET;
    /** Offset of the producer's owner token. */
    public static final int PRODUCER_OWNER_OFFSET;
    /** Offset of the producer's process start time. */
    public static final int PRODUCER_START_TIME_OFFSET;
    /** Offset of the producer's heartbeat. */
    public static final int PRODUCER_HEARTBEAT_OFFSET;
    /** Offset of the consumer's line. */
    public static final int CONSUMER_POSITION_OFFSET;
    /** Offset of the messages-received counter. */
    public static final int MESSAGES_RECEIVED_OFFSET;
    /** Offset of the bytes-received counter. */
    public static final int BYTES_RECEIVED_OFFSET;
    /** Offset of the consumer's owner token. */
    public static final int CONSUMER_OWNER_OFFSET;
    /** Offset of the consumer's process start time. */
    public static final int CONSUMER_START_TIME_OFFSET;
    /** Offset of the consumer's heartbeat. */
    public static final int CONSUMER_HEARTBEAT_OFFSET;
    /** Offset of the position up to which the consumer has zeroed what it read. */
    public static final int CONSUMER_CLEARED_OFFSET;
    /** Offset of the number (0 or 1) of the announcement in force. */
    public static final int ANNOUNCEMENT_IN_FORCE_OFFSET;
    /** Offset of announcement 1, laid out like announcement 0 at {@link #PRODUCER_POSITION_OFFSET}. */
    public static final int ANNOUNCEMENT_1_OFFSET;
    /** Distance between the two hot lines. */
    public static final int LINE_LENGTH = 128;
    /** Bytes of records after which the producer stores its position again, in a ring of 4 KiB or more. */
    public static final int ANNOUNCE_INTERVAL = 1024;

    static
    {
        final int control = ChannelFileDescriptor.RING_STATE_OFFSET;
        PRODUCER_CLOSED_OFFSET = control;
        CONSUMER_CLOSED_OFFSET = control + Integer.BYTES;

        int offset = control + LINE_LENGTH;
        PRODUCER_POSITION_OFFSET = offset;
        MESSAGES_SENT_OFFSET = offset += Long.BYTES;
        BYTES_SENT_OFFSET = offset += Long.BYTES;
        FULL_EVENTS_OFFSET = offset += Long.BYTES;
        PRODUCER_OWNER_OFFSET = offset += Long.BYTES;
        PRODUCER_START_TIME_OFFSET = offset += Long.BYTES;
        PRODUCER_HEARTBEAT_OFFSET = offset += Long.BYTES;
        ANNOUNCEMENT_IN_FORCE_OFFSET = offset += Long.BYTES;
        ANNOUNCEMENT_1_OFFSET = offset + Long.BYTES;

        offset = PRODUCER_POSITION_OFFSET + LINE_LENGTH;
        CONSUMER_POSITION_OFFSET = offset;
        MESSAGES_RECEIVED_OFFSET = offset += Long.BYTES;
        BYTES_RECEIVED_OFFSET = offset += Long.BYTES;
        CONSUMER_OWNER_OFFSET = offset += Long.BYTES;
        CONSUMER_START_TIME_OFFSET = offset += Long.BYTES;
        CONSUMER_HEARTBEAT_OFFSET = offset += Long.BYTES;
        CONSUMER_CLEARED_OFFSET = offset + Long.BYTES;
    }

    private SpscRingDescriptor()
    {
    }

    /**
     * Returns where an announcement starts: its producer position; the messages-sent counter
     * follows 8 bytes after it, the bytes-sent counter 16.
     *
     * @param announcement 0 or 1.
     * @return the offset of its producer position.
     */
    public static int announcementOffset(final int announcement)
    {
        return announcement == 0 ? PRODUCER_POSITION_OFFSET : ANNOUNCEMENT_1_OFFSET;
    }

    /**
     * Returns how many bytes of records the producer writes, at most, before it stores its
     * position and counters again: {@link #ANNOUNCE_INTERVAL}, or a quarter of a smaller ring, so
     * that the records after the stored position never reach around the ring.
     *
     * @param capacity the ring capacity.
     * @return the interval in bytes.
     */
    public static int announceInterval(final int capacity)
    {
        return Math.min(ANNOUNCE_INTERVAL, capacity / 4);
    }
}
