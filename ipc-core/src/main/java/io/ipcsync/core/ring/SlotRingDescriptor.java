package io.ipcsync.core.ring;

import io.ipcsync.core.ChannelFileDescriptor;

/**
 * Layout of the rings of the modes with many consumers (SPMC, MPMC): a bounded queue of equal
 * slots, one message per slot, each slot guarded by a 64-bit state word (Vyukov's bounded MPMC
 * queue). Positions count slots, not bytes: position {@code p} lives in slot
 * {@code p & (slotCount - 1)}, and its lap is {@code p / slotCount}.
 *
 * <pre>
 *  ring state (header page)
 *  offset  field                          written by
 *  ------  -----------------------------  ------------------------------------------------------
 *   128    slot length (int)              the first party to attach, by CAS from 0; checked by all
 *   132    slot count (int)               likewise
 *   256    tail (long)                    producers: the next position to claim. CAS (MPMC), or a
 *                                         release store by the single producer (SPMC)
 *   384    head (long)                    consumers: the next position to take, by CAS
 *   960    party table                    see {@link PartyTableDescriptor}
 *
 *  slot (slot length bytes, a power of two, at ring index slot * slot length)
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 State Word: lap &lt;&lt; 2 | state                   |  +0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       Message Length                          |  +8
 *  +---------------------------------------------------------------+
 *  |                 Type (SKIP_TYPE_ID: aborted)                  | +12
 *  +---------------------------------------------------------------+
 *  |                       Encoded Message                        ... +16
 * ...                                                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * The protocol, for position {@code p} of lap {@code L}: the slot is {@link #FREE} for lap L
 * (a zeroed file is free for lap 0 everywhere). A producer claims p by moving the tail from p to
 * p + 1, after recording p in its party slot; it writes the message, then moves the word from
 * FREE(L) to {@link #COMMITTED}(L) by CAS: that CAS publishes the message. A consumer takes p by
 * moving the head from p to p + 1 (after recording p in its party slot), reads the message, then,
 * if its party slot still shows its record of p, stores FREE(L + 1) with release semantics, which
 * hands the slot to the next lap.
 * A claim whose producer died, or that stayed open longer than the claim timeout, is moved by a
 * consumer from FREE(L) to {@link #ABANDONED}(L) and skipped; the slot becomes FREE(L + 1) when
 * its claimant commits or aborts (and learns from the failed CAS that it was skipped), or when a
 * producer of the next lap finds the claimant dead. A slot taken by a consumer that died stays
 * COMMITTED(L) behind the head until a producer of the next lap finds the taker dead, revokes its
 * record (so that a taker that only looked dead, in another pid namespace, does not hand the slot
 * on again) and frees the slot by CAS.
 */
public final class SlotRingDescriptor
{
    /** Offset of the slot length, in the header page. */
    public static final int SLOT_LENGTH_OFFSET;
    /** Offset of the slot count, in the header page. */
    public static final int SLOT_COUNT_OFFSET;
    /** Offset of the tail position, in the header page. */
    public static final int TAIL_OFFSET;
    /** Offset of the head position, in the header page. */
    public static final int HEAD_OFFSET;
    /** Distance between the hot lines of the ring state. */
    public static final int LINE_LENGTH = 128;

    /** Slot field: the state word. */
    public static final int STATE_WORD_FIELD = 0;
    /** Slot field: the message length. */
    public static final int LENGTH_FIELD = 8;
    /** Slot field: the type id. */
    public static final int TYPE_FIELD = 12;
    /** Slot field: the message. */
    public static final int MESSAGE_FIELD = 16;
    /** Bytes of a slot before its message. */
    public static final int SLOT_HEADER_LENGTH = MESSAGE_FIELD;
    /**
     * Smallest slot length: half a cache line. Whole-line slots keep neighbouring positions apart,
     * but measured with 8-byte messages (2026-11-28, four alternating runs) two slots per line
     * moved about 30% more messages with 2 producers x 2 consumers and 1 x 2; 1 x 1 swung 3x between
     * runs either way.
     */
    public static final int MIN_SLOT_LENGTH = 32;

    /** Type id of a slot whose claim was aborted: consumers skip it. */
    public static final int SKIP_TYPE_ID = -1;

    /** State: free for the word's lap. */
    public static final int FREE = 0;
    /** State: holds a message of the word's lap. */
    public static final int COMMITTED = 1;
    /** State: the claim of the word's lap was skipped by the consumers. */
    public static final int ABANDONED = 2;
    /** Bits of the state word that hold the state. */
    public static final int STATE_BITS = 2;

    static
    {
        final int control = ChannelFileDescriptor.RING_STATE_OFFSET;
        SLOT_LENGTH_OFFSET = control;
        SLOT_COUNT_OFFSET = control + Integer.BYTES;
        TAIL_OFFSET = control + LINE_LENGTH;
        HEAD_OFFSET = TAIL_OFFSET + LINE_LENGTH;
    }

    private SlotRingDescriptor()
    {
    }

    /**
     * Returns the slot length for a max message length: the slot header plus the message, rounded
     * up to a power of two and at least {@link #MIN_SLOT_LENGTH}.
     *
     * @param maxMessageLength the channel's max message length, 0 or more.
     * @return the slot length for a max message length.
     */
    public static int slotLength(final int maxMessageLength)
    {
        final int needed = SLOT_HEADER_LENGTH + maxMessageLength;
        return Math.max(MIN_SLOT_LENGTH, Integer.highestOneBit(needed - 1) << 1);
    }

    /**
     * Returns the state word of a state in a lap.
     *
     * @param lap   a lap, position / slot count.
     * @param state {@link #FREE}, {@link #COMMITTED} or {@link #ABANDONED}.
     * @return the state word of a state in a lap.
     */
    public static long word(final long lap, final int state)
    {
        return lap << STATE_BITS | state;
    }

    /**
     * Returns the lap of a state word.
     *
     * @param word a state word.
     * @return the lap of a state word.
     */
    public static long lapOf(final long word)
    {
        return word >>> STATE_BITS;
    }

    /**
     * Returns the state of a state word.
     *
     * @param word a state word.
     * @return the state of a state word.
     */
    public static int stateOf(final long word)
    {
        return (int)word & ((1 << STATE_BITS) - 1);
    }

    /**
     * Returns what a party records in the claim position field of its party slot while it claims or
     * takes a position: the position plus one, so that 0 means none.
     *
     * @param position a ring position.
     * @return the record of a claim or take of that position.
     */
    public static long claimRecord(final long position)
    {
        return position + 1;
    }

    /**
     * Returns what a producer stores over a consumer's record before it frees the slot that
     * consumer took (because it saw the consumer's process as dead): the consumer checks its record
     * before it hands the slot on, and finds it revoked.
     *
     * @param record a record from {@link #claimRecord}.
     * @return a negative value, never a record.
     */
    static long revokedRecord(final long record)
    {
        return ~record;
    }
}
