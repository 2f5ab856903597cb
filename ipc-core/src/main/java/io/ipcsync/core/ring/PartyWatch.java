package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.PartyTableDescriptor.OWNER_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.SLOT_COUNT;
import static io.ipcsync.core.ring.PartyTableDescriptor.START_TIME_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.slotOffset;

import io.ipcsync.core.ProcessLiveness;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Watches the parties of one role in a party table ({@link PartyTableDescriptor}): whether any is
 * attached and alive, whether one died, whether the last one closed. Reads the process table at
 * most once per interval; like {@link PeerWatch}, a spinning caller counts its calls and asks only
 * once per {@link PeerWatch#CALLS_BETWEEN_CLOCK_READS}.
 */
final class PartyWatch
{
    /** No party of the role ever attached, or all closed and the flag was cleared again. */
    static final int ABSENT = PeerWatch.ABSENT;
    /** At least one party of the role is attached and alive. */
    static final int ALIVE = PeerWatch.ALIVE;
    /** None is alive and at least one died without closing. */
    static final int DEAD = PeerWatch.DEAD;
    /** None is attached and the last one closed. */
    static final int CLOSED = 3;

    private final AtomicBuffer state;
    private final int role;
    private final long intervalNanos;
    private long nextCheckNanos;
    private int lastStatus = ABSENT;
    private long lastOwners;
    private long lastDeadPid;

    /**
     * Watches the parties of a role.
     *
     * @param state         the header page of the channel file.
     * @param role          the role to watch, {@link PartyTableDescriptor#ROLE_PRODUCER} or
     *                      {@link PartyTableDescriptor#ROLE_CONSUMER}.
     * @param intervalNanos how often, at most, {@link #poll} reads the process table.
     */
    PartyWatch(final AtomicBuffer state, final int role, final long intervalNanos)
    {
        this.state = state;
        this.role = role;
        this.intervalNanos = intervalNanos;
    }

    /**
     * Returns the role's status as of the last check, checking again (and publishing the caller's
     * heartbeat) when the interval has passed.
     *
     * @param own the caller's own party, whose heartbeat is published when a check is due.
     * @return the role's status as of the last check.
     */
    int poll(final Party own)
    {
        final long now = System.nanoTime();
        if (now - nextCheckNanos < 0)
        {
            return lastStatus();
        }
        nextCheckNanos = now + intervalNanos;
        own.heartbeat();
        return check();
    }

    /**
     * Returns the role's status as of the last check, without reading the process table; except
     * that a {@link #DEAD} verdict holds only for the owners it was made for: when a party of the
     * role has attached since (a slot's owner changed), the role is checked at once, so a new party
     * is never reported dead for the rest of an interval.
     *
     * @return the role's status as of the last check, or now if its parties changed.
     */
    int lastStatus()
    {
        if (lastStatus == DEAD && owners() != lastOwners)
        {
            return check();
        }
        return lastStatus;
    }

    /** A digest of the owner tokens of the role's slots: it changes when a party attaches or leaves. */
    private long owners()
    {
        long digest = 0;
        for (int slot = 0; slot < SLOT_COUNT; slot++)
        {
            final int offset = slotOffset(slot);
            final long owner = state.getLongVolatile(offset + OWNER_FIELD);
            if (owner != 0 && state.getIntVolatile(offset + ROLE_FIELD) == role)
            {
                digest = digest * 31 + owner;
            }
        }
        return digest;
    }

    /**
     * Returns the role's status now, reading every slot and the process table.
     *
     * @return the role's status now.
     */
    int check()
    {
        boolean dead = false;
        for (int slot = 0; slot < SLOT_COUNT; slot++)
        {
            final int offset = slotOffset(slot);
            final long owner = state.getLongVolatile(offset + OWNER_FIELD);
            if (owner == 0 || state.getIntVolatile(offset + ROLE_FIELD) != role)
            {
                continue;
            }
            final long pid = ProcessLiveness.pidOf(owner);
            if (ProcessLiveness.isAlive(pid, state.getLongVolatile(offset + START_TIME_FIELD)))
            {
                return lastStatus = ALIVE;
            }
            dead = true;
            lastDeadPid = pid;
        }
        if (dead)
        {
            lastOwners = owners(); // what the verdict was made for: lastStatus() compares against it
            return lastStatus = DEAD;
        }
        return lastStatus = state.getIntVolatile(Party.closedFlagOffset(role)) != 0 ? CLOSED : ABSENT;
    }

    /**
     * Returns true if a slot of the role has an owner now, alive or dead (reads the slots, not the
     * process table).
     *
     * @return true if a slot of the role has an owner now.
     */
    boolean anyAttached()
    {
        for (int slot = 0; slot < SLOT_COUNT; slot++)
        {
            final int offset = slotOffset(slot);
            if (state.getLongVolatile(offset + OWNER_FIELD) != 0 && state.getIntVolatile(offset + ROLE_FIELD) == role)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the pid of a dead party the last check found, 0 if none.
     *
     * @return the pid of a dead party the last check found, 0 if none.
     */
    long lastDeadPid()
    {
        return lastStatus == DEAD ? lastDeadPid : 0;
    }
}
