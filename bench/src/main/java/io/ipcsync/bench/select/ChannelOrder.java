package io.ipcsync.bench.select;

/**
 * The sequence each channel of the select workload must deliver next: every channel's messages
 * arrive once and in order, starting at 0.
 */
public final class ChannelOrder
{
    private final long[] expected = new long[SelectWorkload.MAX_CHANNELS];

    /** Creates the check expecting sequence 0 on every channel. */
    public ChannelOrder()
    {
    }

    /**
     * Checks one message.
     *
     * @param channel  the channel it came from, below {@link SelectWorkload#MAX_CHANNELS}.
     * @param sequence the sequence it carries.
     * @throws IllegalStateException if a message of that channel was lost or reordered.
     */
    public void check(final int channel, final long sequence)
    {
        final long[] expected = this.expected;
        if (sequence != expected[channel])
        {
            throw new IllegalStateException(
                "channel " + channel + ": message lost or reordered, expected " + expected[channel] + ", got " + sequence);
        }
        expected[channel] = sequence + 1;
    }
}
