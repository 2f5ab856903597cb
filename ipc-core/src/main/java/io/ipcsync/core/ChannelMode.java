package io.ipcsync.core;

/**
 * How many producers and consumers a channel file serves, stored in its header as {@link #code()}.
 */
public enum ChannelMode
{
    /** One producer, one consumer. */
    SPSC(1),
    /** Many producers, one consumer. */
    MPSC(2),
    /** One producer, many consumers; each message goes to one consumer. */
    SPMC(3),
    /** Many producers, many consumers; each message goes to one consumer. */
    MPMC(4),
    /** One producer; every subscriber sees every message. */
    BROADCAST(5);

    private final int code;

    ChannelMode(final int code)
    {
        this.code = code;
    }

    /**
     * Returns the value stored in the header's mode field.
     *
     * @return the value stored in the header's mode field.
     */
    public int code()
    {
        return code;
    }

    /**
     * Returns the mode, or null when the code is not a known mode.
     *
     * @param code a header's mode field.
     * @return the mode, or null when the code is not a known mode.
     */
    public static ChannelMode fromCode(final int code)
    {
        for (final ChannelMode mode : values())
        {
            if (mode.code == code)
            {
                return mode;
            }
        }
        return null;
    }
}
