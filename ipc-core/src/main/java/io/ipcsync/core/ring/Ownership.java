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
        final String side,
        final int ownerOffset,
        final int startTimeOffset,
        final int heartbeatOffset)
    {
        final AtomicBuffer state = file.header();
        final long token = ProcessLiveness.newOwnerToken();
        while (true)
        {
            final long current = state.getLongVolatile(ownerOffset);
            if (current != 0)
            {
                final long pid = ProcessLiveness.pidOf(current);
                if (ProcessLiveness.isAlive(pid, state.getLongVolatile(startTimeOffset)))
                {
                    throw new IpcsyncException(file.path() + ": already has a live " + side + " (pid " + pid +
                        (pid == ProcessLiveness.currentPid() ? ", this process" : "") + "); a channel of mode " +
                        file.layout().mode() + " allows one " + side + " at a time");
                }
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
