package io.ipcsync.core.ring;

import org.agrona.concurrent.AtomicBuffer;

/**
 * How the hot paths of every ring (SPSC, MPSC, slots, broadcast) reach the mapped memory: through
 * Agrona's {@code UnsafeApi} at addresses they computed themselves (a position masked into the ring,
 * a record they claimed or found whole, a descriptor offset in the state page), not through
 * {@code UnsafeBuffer}, which checks bounds on every access. Those checks made no access safer, as
 * every index is inside by construction, but each added a compare, a branch and an exception path
 * to the compiled code: the compiled {@code offer} grew to 3.6 KB, past the size up to which C2
 * inlines an already compiled method into its caller ({@code InlineSmallCode}, 2,500 bytes).
 * Called rather than inlined, an 8-byte {@code offer} took 14.5 ns on one thread where
 * {@code offerLong} took 7.8 ns; without the checks, 4.8 and 4.6 ns, and 4.3 and 2.9 ns once the
 * exceptions were built in methods of their own (measured alternately, JDK 17;
 * docs/performance/2026-12-03-block-clearing). The broadcast transmitter and the MPSC shared ring
 * followed later: a broadcast {@code offer} of 8 bytes went from 11.6 to 6.1 ns on one thread, and
 * the shared ring from parity with Agrona's {@code ManyToOneRingBuffer} to 1.9 times it, turn by
 * turn (docs/performance/2026-12-05-unchecked-hot-paths).
 */
final class RingAccess
{
    private RingAccess()
    {
    }

    /**
     * Returns the address of the first byte of a buffer over mapped memory.
     *
     * @param mapped a buffer wrapping a mapped file (or other off-heap memory).
     * @return its address, for {@code UnsafeApi} calls with a null base.
     * @throws IllegalArgumentException if the buffer wraps a heap array.
     */
    static long addressOf(final AtomicBuffer mapped)
    {
        if (mapped.byteArray() != null)
        {
            throw new IllegalArgumentException("a ring lives in mapped memory, not in a heap array");
        }
        return mapped.addressOffset();
    }
}
