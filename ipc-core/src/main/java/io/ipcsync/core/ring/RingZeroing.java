package io.ipcsync.core.ring;

import org.agrona.UnsafeApi;

/**
 * Zeroes a range of ring positions. An SPSC ring keeps every byte the producer may write next zero:
 * the consumer zeroes what it read before it hands the space back (whole pairs of cache lines, see
 * {@link #CLEARING_GRAIN}), a consumer that attaches zeroes what a consumer before it left
 * unzeroed, a producer that attaches zeroes what a producer that died may have written past its
 * last committed record, and an aborted claim is zeroed. The producer relies on it: the length word
 * after each record it publishes is already zero, which is what ends a read. The consumer of an
 * MPSC shared ring zeroes all it read the same way, before it publishes its head: its producers
 * find zeroed headers past the tail they claim.
 */
final class RingZeroing
{
    /**
     * The consumer zeroes what it read in whole aligned blocks of this many bytes, a pair of cache
     * lines, leaving the block that holds its position to a later poll: the producer may still be
     * writing records into it, and zeroing it takes the lines from the producer's core in the middle
     * of its writes. Measured turn by turn against Agrona's ring, 8-byte messages, alternating runs
     * (docs/performance/2026-12-03-block-clearing): zeroing all it read, 1.99-3.00 times Agrona;
     * whole 64-byte lines, 1.99-4.65; whole 128-byte pairs, 4.07-4.83 where Agrona ran at 26-34 M
     * msgs/s (the adjacent-line prefetcher moves lines in pairs).
     */
    static final int CLEARING_GRAIN = 128;

    /** Up to this many bytes are zeroed word by word: setMemory's fixed cost dominates below. */
    private static final int WORD_LIMIT = 256;

    private RingZeroing()
    {
    }

    /**
     * Zeroes the positions from {@code start} to {@code end}, 8-byte aligned and at most a ring
     * apart: one pass, two when they wrap. One {@code setMemory} per range rather than one per
     * record is what lets a consumer of 1 KiB messages run faster than Agrona's ring, which zeroes
     * its reads the same way.
     *
     * @param ring     the address of the ring's first byte (see {@link RingAccess}).
     * @param capacity the ring capacity.
     * @param start    the first position to zero.
     * @param end      one past the last.
     */
    static void zero(final long ring, final int capacity, final long start, final long end)
    {
        final int index = (int)start & (capacity - 1);
        final int length = (int)(end - start);
        final int toEnd = capacity - index;
        if (length <= toEnd)
        {
            zeroBytes(ring + index, length);
        }
        else
        {
            zeroBytes(ring + index, toEnd);
            zeroBytes(ring, length - toEnd);
        }
    }

    private static void zeroBytes(final long address, final int length)
    {
        if (length > WORD_LIMIT)
        {
            UnsafeApi.setMemory(null, address, length, (byte)0);
        }
        else
        {
            for (int i = 0; i < length; i += Long.BYTES)
            {
                UnsafeApi.putLong(null, address + i, 0L);
            }
        }
    }
}
