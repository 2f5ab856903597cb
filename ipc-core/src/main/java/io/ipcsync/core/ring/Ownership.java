package io.ipcsync.core.ring;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.IpcsyncException;
import io.ipcsync.core.ProcessLiveness;
import org.agrona.concurrent.AtomicBuffer;

/**
 * Claims and releases one side of a ring: the owner token is set by CAS, from zero or from the
 * token of a process that died, so two live handles can never own the same side.
 */
final class Ownership
{
    private Ownership()
    {
    }

    static long attach(
        final ChannelFile file,
        final AtomicBuffer state,
        final String side,
        final int ownerOffset,
        final int startTimeOffset,
        final int heartbeatOffset)
    {
        final long token = tryAttach(state, ownerOffset, startTimeOffset, heartbeatOffset);
        if (token == 0)
        {
            final long pid = ProcessLiveness.pidOf(state.getLongVolatile(ownerOffset));
            throw new IpcsyncException(file.path() + ": already has a live " + side + " (pid " + pid +
                (pid == ProcessLiveness.currentPid() ? ", this process" : "") + "); a channel of mode " +
                file.layout().mode() + " allows one " + side + " at a time");
        }
        return token;
    }

    /**
     * Takes the side if it is free or its owner's process died; returns the new owner token, or 0
     * when a live owner holds it.
     */
    static long tryAttach(final AtomicBuffer state, final int ownerOffset, final int startTimeOffset, final int heartbeatOffset)
    {
        final long token = ProcessLiveness.newOwnerToken();
        while (true)
        {
            final long current = state.getLongVolatile(ownerOffset);
            if (current != 0 &&
                ProcessLiveness.isAlive(ProcessLiveness.pidOf(current), state.getLongVolatile(startTimeOffset)))
            {
                return 0;
            }
            if (state.compareAndSetLong(ownerOffset, current, token))
            {
                state.putLongRelease(startTimeOffset, ProcessLiveness.currentStartTimeMillis());
                state.putLongRelease(heartbeatOffset, System.currentTimeMillis());
                return token;
            }
        }
    }

    static void detach(final AtomicBuffer state, final int ownerOffset, final long token)
    {
        state.compareAndSetLong(ownerOffset, token, 0);
    }
}
