package io.ipcsync.bench.select;

import io.ipcsync.channels.select.ChannelSelector;

/**
 * The work every many-channel benchmark does: 8-byte messages, each carrying its channel's next
 * sequence number, written round-robin into the channels and checked in order per channel.
 */
public final class SelectWorkload
{
    /** Channel counts of the comparison, as JMH parameter values. */
    public static final String ONE = "1";
    /** See {@link #ONE}. */
    public static final String EIGHT = "8";
    /** See {@link #ONE}. */
    public static final String SIXTY_FOUR = "64";

    /** The most channels a benchmark uses: sizes the per-channel sequence arrays. */
    public static final int MAX_CHANNELS = 64;

    /** Message size in bytes: one sequence number. */
    public static final int SIZE = 8;

    /** Message type id, for the libraries that carry one. */
    public static final int TYPE_ID = 1;

    /** Data bytes of each channel's byte ring (Agrona, ipcsync): 64 KiB, so 64 channels fit in a few MiB of cache. */
    public static final int RING_BYTES = 64 * 1024;

    /** Elements of each JCTools queue: as many 8-byte messages as a byte ring holds with its 8-byte record header. */
    public static final int QUEUE_CAPACITY = RING_BYTES / (SIZE + 8);

    /** Most messages taken from one channel in one pass, for every library: the selector's default. */
    public static final int BATCH_LIMIT = ChannelSelector.DEFAULT_BATCH_LIMIT;

    private SelectWorkload()
    {
    }
}
