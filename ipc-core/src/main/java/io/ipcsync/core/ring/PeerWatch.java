package io.ipcsync.core.ring;

import io.ipcsync.core.ProcessLiveness;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Watches the other side of a ring through its owner token and start time in the ring state,
 * checking the process table at most once per interval. A spinning caller counts its calls in its
 * own (padded) fields and asks once per {@link #CALLS_BETWEEN_CLOCK_READS}, so that this object,
 * like any neighbour on the heap, is not written on every call.
 */
final class PeerWatch
{
    /** The peer never attached, or detached after closing. */
    static final int ABSENT = 0;
    /** The peer's process is alive. */
    static final int ALIVE = 1;
    /** The peer's process is gone without having closed. */
    static final int DEAD = 2;

    /** Callers ask {@link #poll} once per this many calls and use {@link #lastStatus()} in between. */
    static final int CALLS_BETWEEN_CLOCK_READS = 64;

    private final AtomicBuffer state;
    private final int ownerOffset;
    private final int startTimeOffset;
    private final int heartbeatOffset;
    private final long intervalNanos;
    private long nextCheckNanos;
    private int lastStatus = ABSENT;
    private long lastOwner;
    private long lastPid;

    PeerWatch(
        final AtomicBuffer state,
        final int ownerOffset,
        final int startTimeOffset,
        final int heartbeatOffset,
        final long intervalNanos)
    {
        this.state = state;
        this.ownerOffset = ownerOffset;
        this.startTimeOffset = startTimeOffset;
        this.heartbeatOffset = heartbeatOffset;
        this.intervalNanos = intervalNanos;
    }

    /**
     * Returns the peer's status as of the last check, checking again when the interval has passed.
     *
     * @param ownHeartbeatOffset where this side publishes its own heartbeat, written when a check is due.
     * @return the peer's status as of the last check, checking again when the interval has passed.
     */
    int poll(final int ownHeartbeatOffset)
    {
        final long now = System.nanoTime();
        if (now - nextCheckNanos < 0)
        {
            return lastStatus();
        }
        nextCheckNanos = now + intervalNanos;
        state.putLongRelease(ownHeartbeatOffset, System.currentTimeMillis());
        return check();
    }

    /**
     * Returns the peer's status as of the last check, without reading the process table; except
     * that a {@link #DEAD} verdict holds only for the owner it was made for: when another peer has
     * attached since (a producer taking over a dead one's side), it is checked at once, so the new
     * peer is never reported dead for the rest of an interval.
     *
     * @return the peer's status as of the last check, or now if the dead peer was replaced.
     */
    int lastStatus()
    {
        if (lastStatus == DEAD && state.getLongVolatile(ownerOffset) != lastOwner)
        {
            return check();
        }
        return lastStatus;
    }

    /**
     * Returns the peer's status now, reading the process table.
     *
     * @return the peer's status now, reading the process table.
     */
    int check()
    {
        final long owner = state.getLongVolatile(ownerOffset);
        lastOwner = owner;
        if (owner == 0)
        {
            lastPid = 0;
            return lastStatus = ABSENT;
        }
        lastPid = ProcessLiveness.pidOf(owner);
        final long startTime = state.getLongVolatile(startTimeOffset);
        return lastStatus = ProcessLiveness.isAlive(lastPid, startTime) ? ALIVE : DEAD;
    }

    /**
     * Returns the pid seen by the last check, 0 if none.
     *
     * @return the pid seen by the last check, 0 if none.
     */
    long lastPid()
    {
        return lastPid;
    }

    /**
     * Returns the peer's last heartbeat, epoch millis.
     *
     * @return the peer's last heartbeat, epoch millis.
     */
    long heartbeat()
    {
        return state.getLongVolatile(heartbeatOffset);
    }
}
