package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.PartyTableDescriptor.CONSUMERS_CLOSED_OFFSET;
import static io.ipcsync.core.ring.PartyTableDescriptor.HEARTBEAT_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.OWNER_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.PRODUCERS_CLOSED_OFFSET;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_CONSUMER;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_PRODUCER;
import static io.ipcsync.core.ring.PartyTableDescriptor.SINGLE_SLOT;
import static io.ipcsync.core.ring.PartyTableDescriptor.SLOT_COUNT;
import static io.ipcsync.core.ring.PartyTableDescriptor.START_TIME_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.slotOffset;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.IpcsyncException;
import io.ipcsync.core.ProcessLiveness;
import org.agrona.concurrent.AtomicBuffer;

/**
 * One producer or consumer attached to a multi-party channel: the slot it holds in the party table
 * ({@link PartyTableDescriptor}). Attaching takes a free slot, or the slot of a party whose process
 * died, by CAS, so two live parties never share a slot.
 */
final class Party
{
    private final ChannelFile file;
    private final AtomicBuffer state;
    private final int role;
    private final int slot;
    private final int offset;
    private final long token;
    private boolean closed;

    private Party(final ChannelFile file, final int role, final int slot, final long token)
    {
        this.file = file;
        this.state = file.header();
        this.role = role;
        this.slot = slot;
        this.offset = slotOffset(slot);
        this.token = token;
    }

    /**
     * Attaches a party and clears its role's closed flag.
     *
     * @param file   the channel file.
     * @param role   {@link PartyTableDescriptor#ROLE_PRODUCER} or {@link PartyTableDescriptor#ROLE_CONSUMER}.
     * @param single true for the one producer or consumer a mode allows: it takes slot 0, failing if a live
     *               party holds it; false for one of many: it takes any other slot.
     * @return the attached party.
     * @throws IpcsyncException if the single slot is held by a live party, or every slot is.
     */
    static Party attach(final ChannelFile file, final int role, final boolean single)
    {
        final long token = ProcessLiveness.newOwnerToken();
        final Party party = single ? takeSingle(file, role, token) : takeAny(file, role, token);
        final AtomicBuffer state = file.header();
        state.putLongRelease(party.offset + START_TIME_FIELD, ProcessLiveness.currentStartTimeMillis());
        state.putLongRelease(party.offset + HEARTBEAT_FIELD, System.currentTimeMillis());
        state.putIntRelease(party.offset + ROLE_FIELD, role);
        state.putIntRelease(closedFlagOffset(role), 0);
        return party;
    }

    private static Party takeSingle(final ChannelFile file, final int role, final long token)
    {
        final AtomicBuffer state = file.header();
        final int ownerOffset = slotOffset(SINGLE_SLOT) + OWNER_FIELD;
        while (true)
        {
            final long current = state.getLongVolatile(ownerOffset);
            if (current != 0 && isAlive(state, SINGLE_SLOT, current))
            {
                final long pid = ProcessLiveness.pidOf(current);
                throw new IpcsyncException(file.path() + ": already has a live " + roleName(role) + " (pid " + pid +
                    (pid == ProcessLiveness.currentPid() ? ", this process" : "") + "); a channel of mode " +
                    file.layout().mode() + " allows one " + roleName(role) + " at a time");
            }
            if (state.compareAndSetLong(ownerOffset, current, token))
            {
                return new Party(file, role, SINGLE_SLOT, token);
            }
        }
    }

    private static Party takeAny(final ChannelFile file, final int role, final long token)
    {
        final AtomicBuffer state = file.header();
        // Free slots first, a dead party's slot only when none is free: a dead producer's slot keeps
        // its claim position, which tells the consumer whose claim is stuck and that it can be skipped.
        for (int pass = 0; pass < 2; pass++)
        {
            for (int slot = SINGLE_SLOT + 1; slot < SLOT_COUNT; slot++)
            {
                final int ownerOffset = slotOffset(slot) + OWNER_FIELD;
                final long current = state.getLongVolatile(ownerOffset);
                final boolean takeable = current == 0 || (pass == 1 && !isAlive(state, slot, current));
                if (takeable && state.compareAndSetLong(ownerOffset, current, token))
                {
                    return new Party(file, role, slot, token);
                }
            }
        }
        throw new IpcsyncException(file.path() + ": all " + (SLOT_COUNT - 1) + " party slots are held by live " +
            "producers and consumers; close some before attaching another " + roleName(role));
    }

    private static boolean isAlive(final AtomicBuffer state, final int slot, final long owner)
    {
        return ProcessLiveness.isAlive(
            ProcessLiveness.pidOf(owner), state.getLongVolatile(slotOffset(slot) + START_TIME_FIELD));
    }

    static int closedFlagOffset(final int role)
    {
        return role == ROLE_PRODUCER ? PRODUCERS_CLOSED_OFFSET : CONSUMERS_CLOSED_OFFSET;
    }

    static String roleName(final int role)
    {
        return role == ROLE_PRODUCER ? "producer" : role == ROLE_CONSUMER ? "consumer" : "party";
    }

    /**
     * Returns the slot this party holds.
     *
     * @return the slot this party holds.
     */
    int slot()
    {
        return slot;
    }

    /**
     * Returns the offset of this party's slot in the header page; add a slot field to address it.
     *
     * @return the offset of this party's slot in the header page.
     */
    int offset()
    {
        return offset;
    }

    /** Publishes this party's heartbeat. */
    void heartbeat()
    {
        state.putLongRelease(offset + HEARTBEAT_FIELD, System.currentTimeMillis());
    }

    /**
     * Gives the slot up and raises the role's closed flag, which the other side reads as "closed"
     * once no party of this role is attached any more. Idempotent.
     */
    void close()
    {
        if (!closed)
        {
            closed = true;
            state.putIntRelease(closedFlagOffset(role), 1);
            state.compareAndSetLong(offset + OWNER_FIELD, token, 0);
        }
    }

    /**
     * Returns the file this party is attached to.
     *
     * @return the file this party is attached to.
     */
    ChannelFile file()
    {
        return file;
    }
}
