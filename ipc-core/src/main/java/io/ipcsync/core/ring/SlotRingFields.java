package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.PartyTableDescriptor.CLAIM_POSITION_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.OWNER_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_PRODUCER;
import static io.ipcsync.core.ring.PartyTableDescriptor.SLOT_COUNT;
import static io.ipcsync.core.ring.PartyTableDescriptor.START_TIME_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.slotOffset;
import static io.ipcsync.core.ring.SlotRingDescriptor.HEAD_OFFSET;
import static io.ipcsync.core.ring.SlotRingDescriptor.SLOT_COUNT_OFFSET;
import static io.ipcsync.core.ring.SlotRingDescriptor.SLOT_LENGTH_OFFSET;
import static io.ipcsync.core.ring.SlotRingDescriptor.STATE_BITS;
import static io.ipcsync.core.ring.SlotRingDescriptor.TAIL_OFFSET;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelFileException;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.CorruptChannelException;
import io.ipcsync.core.ProcessLiveness;
import org.agrona.concurrent.AtomicBuffer;

/**
 * What a producer and a consumer of a slot ring ({@link SlotRingDescriptor}) share: the checked
 * geometry of the file, their party slot, and the scans of the party table that tell whether a
 * claimed or taken position is still held by a live party. Read-only after construction.
 */
abstract class SlotRingFields extends LeftPadding
{
    final ChannelFile file;
    final AtomicBuffer ring;
    final AtomicBuffer state;
    final long ringAddress;
    final long stateAddress;
    final int maxMessageLength;
    final int slotShift;
    final int lapShift;
    final long mask;
    final int slotCount;
    final long livenessIntervalNanos;
    final Party party;
    final int recordOffset;
    /** Address of this party's slot in the party table: its claim record and counters. */
    final long partyAddress;

    /** Checks the file and attaches as a party of the role; see the public constructors. */
    SlotRingFields(final ChannelFile file, final int role, final long livenessIntervalNanos)
    {
        final ChannelMode mode = file.layout().mode();
        if (mode != ChannelMode.SPMC && mode != ChannelMode.MPMC)
        {
            throw new IllegalArgumentException(file.path() + " is a " + mode + " channel; a slot ring serves " +
                "SPMC and MPMC channels only");
        }
        this.file = file;
        this.ring = file.ring();
        this.state = file.header();
        this.ringAddress = RingAccess.addressOf(ring);
        this.stateAddress = RingAccess.addressOf(state);
        this.maxMessageLength = file.layout().maxMessageLength();
        final int slotLength = SlotRingDescriptor.slotLength(maxMessageLength);
        this.slotCount = file.layout().capacity() / slotLength;
        this.slotShift = Integer.numberOfTrailingZeros(slotLength);
        this.lapShift = Integer.numberOfTrailingZeros(slotCount);
        this.mask = slotCount - 1;
        this.livenessIntervalNanos = livenessIntervalNanos;
        checkGeometry(file, SLOT_LENGTH_OFFSET, "slot length", slotLength);
        checkGeometry(file, SLOT_COUNT_OFFSET, "slot count", slotCount);
        final long head = state.getLongVolatile(HEAD_OFFSET);
        final long tail = state.getLongVolatile(TAIL_OFFSET);
        if (head < 0 || tail < head)
        {
            throw new CorruptChannelException(file.path(), "impossible positions: head " + head + ", tail " + tail +
                " (slot count " + slotCount + ")");
        }
        this.party = Party.attach(file, role, role == ROLE_PRODUCER && mode == ChannelMode.SPMC);
        this.recordOffset = party.offset() + CLAIM_POSITION_FIELD;
        this.partyAddress = stateAddress + party.offset();
        state.putLongRelease(recordOffset, 0); // a dead predecessor's claim in this slot is nobody's now
    }

    /**
     * Sets a geometry field of a fresh file, or checks the one a party that attached earlier set:
     * a file written by a library that derives the slots differently must not be read as slots.
     */
    private static void checkGeometry(final ChannelFile file, final int offset, final String field, final int expected)
    {
        final AtomicBuffer state = file.header();
        state.compareAndSetInt(offset, 0, expected);
        final int actual = state.getIntVolatile(offset);
        if (actual != expected)
        {
            throw new ChannelFileException(file.path(), field + " in the ring state is " + actual + ", but capacity " +
                file.layout().capacity() + " and max message length " + file.layout().maxMessageLength() + " give " +
                expected + " (another layout version, or a corrupt file)");
        }
    }

    /**
     * Returns the ring index of a position's slot.
     *
     * @param position a ring position.
     * @return the ring index of a position's slot.
     */
    final int slotIndex(final long position)
    {
        return (int)(position & mask) << slotShift;
    }

    /**
     * Returns the state word of {@link SlotRingDescriptor#FREE} in the lap of a position; add a
     * state to get the other words of that lap.
     *
     * @param position a ring position.
     * @return the free word of the position's lap.
     */
    final long freeWord(final long position)
    {
        return (position >>> lapShift) << STATE_BITS;
    }

    /**
     * Returns true when a live party of the role records a claim or take of the position in its
     * party slot. Every party records the position before it moves the tail or the head, and keeps
     * the record while it holds the position, so "false" means the holder died or is gone.
     * Reads the process table: call it at most once per liveness interval.
     */
    static boolean heldByLiveParty(final AtomicBuffer state, final int role, final long position)
    {
        final long record = SlotRingDescriptor.claimRecord(position);
        for (int slot = 0; slot < SLOT_COUNT; slot++)
        {
            final int offset = slotOffset(slot);
            final long owner = state.getLongVolatile(offset + OWNER_FIELD);
            if (owner != 0 && state.getIntVolatile(offset + ROLE_FIELD) == role &&
                state.getLongVolatile(offset + CLAIM_POSITION_FIELD) == record &&
                ProcessLiveness.isAlive(ProcessLiveness.pidOf(owner), state.getLongVolatile(offset + START_TIME_FIELD)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces the record of the position in the party slot of every party of the role that shows
     * it by {@link SlotRingDescriptor#revokedRecord}, before the position's slot is taken from its
     * holder: a holder that checks its record afterwards finds that it no longer holds the slot.
     */
    static void revokeHolders(final AtomicBuffer state, final int role, final long position)
    {
        final long record = SlotRingDescriptor.claimRecord(position);
        for (int slot = 0; slot < SLOT_COUNT; slot++)
        {
            final int offset = slotOffset(slot);
            if (state.getIntVolatile(offset + ROLE_FIELD) == role)
            {
                state.compareAndSetLong(offset + CLAIM_POSITION_FIELD, record, SlotRingDescriptor.revokedRecord(record));
            }
        }
    }

    /**
     * Returns the exception for an impossible state word.
     *
     * @param position the position whose slot holds it.
     * @param word     the word.
     * @return the exception for an impossible state word.
     */
    final CorruptChannelException corruptWord(final long position, final long word)
    {
        return new CorruptChannelException(file.path(), "corrupt slot for position " + position + " (slot " +
            (position & mask) + "): state word 0x" + Long.toHexString(word) + " is not a state of lap " +
            (position >>> lapShift) + " or a neighbouring lap");
    }
}
