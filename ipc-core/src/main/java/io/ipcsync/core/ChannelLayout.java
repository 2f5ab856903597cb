package io.ipcsync.core;

/**
 * The shape of a channel file: its mode, ring capacity, largest message and, for an MPSC channel,
 * its producer lanes.
 *
 * <p>An MPSC channel with lanes gives each of its first producers a ring of its own (a lane,
 * written and read like an SPSC ring), the producers beyond them share an overflow ring by CAS,
 * and the consumer reads the lanes and the overflow ring in turn; without lanes all its producers
 * share one ring by CAS. See {@link ChannelFileDescriptor} for where the rings are in the file.
 *
 * @param mode             who produces and consumes.
 * @param capacity         ring bytes, a power of two from {@link ChannelFileDescriptor#MIN_CAPACITY}
 *                         to {@link ChannelFileDescriptor#MAX_CAPACITY}; with lanes, the bytes of each lane.
 * @param maxMessageLength the largest message in bytes, from 0 to {@code capacity / 8}.
 * @param lanes            0 for one ring; for MPSC, 1 to {@link #MAX_LANES} rings of {@code capacity}
 *                         bytes, one per producer attached at a time, besides the overflow ring.
 */
public record ChannelLayout(ChannelMode mode, int capacity, int maxMessageLength, int lanes)
{
    /** The most lanes an MPSC channel can have. */
    public static final int MAX_LANES = 64;

    /**
     * Checks every value.
     *
     * @param mode             who produces and consumes.
     * @param capacity         ring bytes, of each lane when there are lanes.
     * @param maxMessageLength the largest message in bytes.
     * @param lanes            0, or for MPSC the number of producer lanes.
     * @throws IllegalArgumentException naming the value that is out of range.
     */
    public ChannelLayout
    {
        if (mode == null)
        {
            throw new IllegalArgumentException("mode must not be null");
        }
        final String problem = capacityProblem(capacity);
        if (problem != null)
        {
            throw new IllegalArgumentException(problem);
        }
        if (maxMessageLength < 0 || maxMessageLength > maxMessageLengthLimit(capacity))
        {
            throw new IllegalArgumentException("maxMessageLength " + maxMessageLength + " must be from 0 to capacity/8 = " +
                maxMessageLengthLimit(capacity));
        }
        final String lanesProblem = lanesProblem(mode, capacity, lanes);
        if (lanesProblem != null)
        {
            throw new IllegalArgumentException(lanesProblem);
        }
    }

    /**
     * A layout with one ring (no lanes).
     *
     * @param mode             who produces and consumes.
     * @param capacity         ring bytes.
     * @param maxMessageLength the largest message in bytes.
     * @throws IllegalArgumentException naming the value that is out of range.
     */
    public ChannelLayout(final ChannelMode mode, final int capacity, final int maxMessageLength)
    {
        this(mode, capacity, maxMessageLength, 0);
    }

    /**
     * Returns a layout whose max message length is the largest allowed, {@code capacity / 8}.
     *
     * @param mode     the mode.
     * @param capacity the ring capacity.
     * @return a layout whose max message length is the largest allowed, {@code capacity / 8}.
     */
    public static ChannelLayout of(final ChannelMode mode, final int capacity)
    {
        final String problem = capacityProblem(capacity);
        if (problem != null)
        {
            throw new IllegalArgumentException(problem);
        }
        return new ChannelLayout(mode, capacity, maxMessageLengthLimit(capacity));
    }

    /**
     * Returns the largest max message length allowed for it.
     *
     * @param capacity a ring capacity.
     * @return the largest max message length allowed for it.
     */
    public static int maxMessageLengthLimit(final int capacity)
    {
        return capacity / 8;
    }

    /**
     * Returns why it is not acceptable, or null when it is.
     *
     * @param capacity a ring capacity read from a caller or a file.
     * @return why it is not acceptable, or null when it is.
     */
    public static String capacityProblem(final int capacity)
    {
        if (capacity < ChannelFileDescriptor.MIN_CAPACITY || capacity > ChannelFileDescriptor.MAX_CAPACITY ||
            Integer.bitCount(capacity) != 1)
        {
            return "capacity " + capacity + " must be a power of two from " + ChannelFileDescriptor.MIN_CAPACITY +
                " to " + ChannelFileDescriptor.MAX_CAPACITY;
        }
        return null;
    }

    /**
     * Returns the most lanes, up to {@code wanted}, that a channel of that mode and capacity can
     * have: 0 for modes without lanes, fewer than wanted when the file would not fit one mapping.
     *
     * @param mode     the channel's mode.
     * @param capacity the bytes of each lane, an acceptable capacity.
     * @param wanted   the lanes asked for, 0 to {@link #MAX_LANES}.
     * @return the most lanes up to {@code wanted} that {@link #lanesProblem} accepts.
     */
    public static int lanesThatFit(final ChannelMode mode, final int capacity, final int wanted)
    {
        int lanes = mode == ChannelMode.MPSC ? wanted : 0;
        while (lanes > 0 && lanesProblem(mode, capacity, lanes) != null)
        {
            lanes--;
        }
        return lanes;
    }

    /**
     * Returns why a lane count is not acceptable, or null when it is.
     *
     * @param mode     the channel's mode.
     * @param capacity the bytes of each lane, an acceptable capacity.
     * @param lanes    a lane count read from a caller or a file.
     * @return why it is not acceptable, or null when it is.
     */
    public static String lanesProblem(final ChannelMode mode, final int capacity, final int lanes)
    {
        if (lanes == 0)
        {
            return null;
        }
        if (mode != ChannelMode.MPSC)
        {
            return "lanes " + lanes + ": only MPSC channels have producer lanes (a " + mode + " channel has 0)";
        }
        if (lanes < 0 || lanes > MAX_LANES)
        {
            return "lanes " + lanes + " must be from 0 (one shared ring) to " + MAX_LANES;
        }
        final long length = ChannelFileDescriptor.fileLength(capacity, lanes);
        if (length > Integer.MAX_VALUE)
        {
            return lanes + " lanes of capacity " + capacity + " make a file of " + length +
                " bytes, more than one mapping holds (" + Integer.MAX_VALUE + "): use fewer lanes or a smaller capacity";
        }
        return null;
    }
}
