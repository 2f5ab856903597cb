package io.ipcsync.bench.throughput;

import io.ipcsync.bench.ReceivedCounter;

/**
 * The consumer side's per-thread state: checks each message's sequence and counts messages
 * received while JMH measures ({@link ReceivedCounter}: the count is the benchmark's result).
 * Subclasses adapt a library's handler interface to {@link #onMessage(long, long)}.
 */
public abstract class Receiver extends ReceivedCounter
{
    /** Sequence the next message must carry. */
    private long expected;

    /** Creates a receiver expecting sequence 0. */
    protected Receiver()
    {
    }

    /**
     * Starts the sequence again at 0, for benchmarks that recreate their channel.
     */
    public final void restartSequence()
    {
        expected = 0;
    }

    /**
     * Checks one message.
     *
     * @param first sequence in the message's first 8 bytes.
     * @param last  sequence in its last 8 bytes (the same field for 8-byte messages).
     */
    final void onMessage(final long first, final long last)
    {
        expected = Workload.checkedNext(expected, first, last);
    }
}
