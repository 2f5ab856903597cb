package io.ipcsync.bench.modes;

import io.ipcsync.bench.ReceivedCounter;

/**
 * A consumer thread's state: checks that each producer's sequence only grows in what this
 * consumer receives, and counts messages received while JMH measures ({@link ReceivedCounter}).
 */
public abstract class ModeReceiver extends ReceivedCounter
{
    /** Bits of a message below the producer id. */
    static final int SEQUENCE_BITS = 48;
    /** Most producer ids told apart. */
    static final int PRODUCERS = 1 << 16;

    private final long[] last = new long[PRODUCERS];

    /** Creates a receiver. */
    protected ModeReceiver()
    {
        java.util.Arrays.fill(last, -1);
    }

    /**
     * Checks one message.
     *
     * @param message the producer id bits and its sequence.
     */
    final void onMessage(final long message)
    {
        final int producer = (int)(message >>> SEQUENCE_BITS);
        final long sequence = message & ((1L << SEQUENCE_BITS) - 1);
        if (sequence <= last[producer])
        {
            throw new IllegalStateException("producer " + producer + ": sequence " + sequence + " after " +
                last[producer] + " (a message repeated, reordered or torn)");
        }
        last[producer] = sequence;
    }
}
