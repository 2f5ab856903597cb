package io.ipcsync.bench.select;

import io.ipcsync.bench.ReceivedCounter;

/**
 * The consumer side's per-thread state: checks that each channel's messages arrive in order and
 * counts those received while JMH measures ({@link ReceivedCounter}). Subclasses adapt a library's
 * handler to {@link #onMessage(int, long)}.
 */
public abstract class Checker extends ReceivedCounter
{
    private final ChannelOrder order = new ChannelOrder();

    /** Creates a checker expecting sequence 0 on every channel. */
    protected Checker()
    {
    }

    /**
     * Checks one message.
     *
     * @param channel  the channel it came from.
     * @param sequence the sequence it carries.
     */
    final void onMessage(final int channel, final long sequence)
    {
        order.check(channel, sequence);
    }
}
