package io.ipcsync.bench.modes;

import io.ipcsync.bench.LoopThreadHook;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Control;

/**
 * A consumer thread's state: checks that each producer's sequence only grows in what this
 * consumer receives, and counts messages received while JMH measures. Subclasses are
 * {@code @State(Scope.Thread) @AuxCounters} and declare {@code public long received()}.
 */
public abstract class ModeReceiver
{
    /** Bits of a message below the producer id. */
    static final int SEQUENCE_BITS = 48;
    /** Most producer ids told apart. */
    static final int PRODUCERS = 1 << 16;

    private final long[] last = new long[PRODUCERS];
    private long received;

    /** Creates a receiver. */
    protected ModeReceiver()
    {
        java.util.Arrays.fill(last, -1);
    }

    /** Gives the hook a chance to pin this JMH worker thread. */
    @Setup(Level.Trial)
    public void beforeLoop()
    {
        LoopThreadHook.configured().beforeLoop("consumer");
    }

    /** JMH reads aux counters per iteration, so they start at zero each time. */
    @Setup(Level.Iteration)
    public void resetCounters()
    {
        received = 0;
    }

    /**
     * Returns messages received during the measured part of the current iteration.
     *
     * @return messages received during the measured part of the current iteration.
     */
    protected final long receivedCount()
    {
        return received;
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

    /**
     * Adds what one consumer call took when JMH is measuring.
     *
     * @param control JMH's control of the iteration.
     * @param count   messages taken by the call.
     */
    public final void count(final Control control, final int count)
    {
        if (control.startMeasurement && !control.stopMeasurement)
        {
            received += count;
        }
    }
}
