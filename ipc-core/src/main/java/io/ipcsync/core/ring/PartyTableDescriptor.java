package io.ipcsync.core.ring;

import io.ipcsync.core.ChannelFileDescriptor;

/**
 * Layout of the party table of the channel modes with more than one producer or consumer (MPSC,
 * SPMC, MPMC): who is attached, whether they are alive, what each has done. It fills the end of
 * the header page; the ring algorithm of the mode uses the ring state before it (128 to 959).
 *
 * <pre>
 *  offset  field                               written by
 *  ------  ----------------------------------  ------------------------------------------
 *   960    producers closed (int)              a producer, on close; cleared on producer attach
 *   964    consumers closed (int)              a consumer, on close; cleared on consumer attach
 *  1024    slot 0 .. slot 47, 64 bytes each    slot 0 is reserved for the single side of a mode
 *                                              (the consumer of MPSC, the producer of SPMC)
 *
 *  slot    field                               written by
 *  ------  ----------------------------------  ------------------------------------------
 *    +0    owner (long)                        CAS on attach: pid &lt;&lt; 24 | per-JVM sequence; 0 = free
 *    +8    start time (long)                   the owner: process start, epoch millis (pid reuse guard)
 *   +16    heartbeat (long)                    the owner, while idle or blocked, epoch millis
 *   +24    role (int)                          the owner, right after the CAS: 1 producer, 2 consumer
 *   +32    messages (long)                     the owner: sent by a producer, received by a consumer
 *   +40    bytes (long)                        the owner: message bytes, not framing
 *   +48    full events (long)                  a producer: offers refused for space
 *   +56    claim position (long)               the owner: the position of its claim (producer) or take
 *                                              (consumer) in progress; the slot ring of SPMC/MPMC records
 *                                              position + 1 there, 0 = none ({@link SlotRingDescriptor})
 * </pre>
 *
 * A slot whose owner's process died keeps its owner until another party takes the slot over, so
 * the others can tell "died" from "closed".
 */
public final class PartyTableDescriptor
{
    /** Offset of the producers-closed flag. */
    public static final int PRODUCERS_CLOSED_OFFSET = 960;
    /** Offset of the consumers-closed flag. */
    public static final int CONSUMERS_CLOSED_OFFSET = 964;
    /** Offset of slot 0. */
    public static final int SLOTS_OFFSET = 1024;
    /** Bytes per slot: one cache line. */
    public static final int SLOT_LENGTH = 64;
    /** Number of slots: at most this many parties are attached to one channel at a time. */
    public static final int SLOT_COUNT = (ChannelFileDescriptor.HEADER_LENGTH - SLOTS_OFFSET) / SLOT_LENGTH;
    /** The slot reserved for the single producer or consumer of a mode. */
    public static final int SINGLE_SLOT = 0;

    /** Slot field: the owner token. */
    public static final int OWNER_FIELD = 0;
    /** Slot field: the owner's process start time. */
    public static final int START_TIME_FIELD = 8;
    /** Slot field: the owner's heartbeat. */
    public static final int HEARTBEAT_FIELD = 16;
    /** Slot field: the owner's role. */
    public static final int ROLE_FIELD = 24;
    /** Slot field: messages sent or received. */
    public static final int MESSAGES_FIELD = 32;
    /** Slot field: message bytes sent or received. */
    public static final int BYTES_FIELD = 40;
    /** Slot field: offers refused for space. */
    public static final int FULL_EVENTS_FIELD = 48;
    /** Slot field: ring position of the owner's claim or take in progress. */
    public static final int CLAIM_POSITION_FIELD = 56;

    /** Role value of a producer. */
    public static final int ROLE_PRODUCER = 1;
    /** Role value of a consumer. */
    public static final int ROLE_CONSUMER = 2;

    private PartyTableDescriptor()
    {
    }

    /**
     * Returns the offset of a slot in the header page.
     *
     * @param slot 0 to {@link #SLOT_COUNT} - 1.
     * @return the offset of a slot in the header page.
     */
    public static int slotOffset(final int slot)
    {
        return SLOTS_OFFSET + slot * SLOT_LENGTH;
    }
}
