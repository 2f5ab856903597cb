package io.ipcsync.core;

/**
 * The shape of a channel file: its mode, ring capacity and largest message.
 *
 * @param mode             who produces and consumes.
 * @param capacity         ring bytes, a power of two from {@link ChannelFileDescriptor#MIN_CAPACITY}
 *                         to {@link ChannelFileDescriptor#MAX_CAPACITY}.
 * @param maxMessageLength the largest message in bytes, from 0 to {@code capacity / 8}.
 */
public record ChannelLayout(ChannelMode mode, int capacity, int maxMessageLength)
{
    /**
     * Checks every value.
     *
     * @param mode             who produces and consumes.
     * @param capacity         ring bytes.
     * @param maxMessageLength the largest message in bytes.
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
}
