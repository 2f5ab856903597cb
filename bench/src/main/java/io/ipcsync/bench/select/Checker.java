package io.ipcsync.bench.select;

import io.ipcsync.bench.LoopThreadHook;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Control;

/**
 * The consumer side's per-thread state: checks that each channel's messages arrive in order and
 * counts those received while JMH measures.
 *
 * <p>Subclasses are {@code @State(Scope.Thread) @AuxCounters}, adapt a library's handler to
 * {@link #onMessage(int, long)} and declare {@code public long received()} returning
 * {@link #receivedCount()}: JMH reports it as the secondary metric {@code received}, messages per
 * second.
 */
public abstract class Checker
{
    private final long[] expected = new long[SelectWorkload.MAX_CHANNELS];
    private long received;

    /** Creates a checker expecting sequence 0 on every channel. */
    protected Checker()
    {
    }

    /** Gives the hook a chance to pin this JMH worker thread (a no-op unless configured). */
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
     * @param channel  the channel it came from.
     * @param sequence the sequence it carries.
     */
    final void onMessage(final int channel, final long sequence)
    {
        final long[] expected = this.expected;
        if (sequence != expected[channel])
        {
            throw new IllegalStateException(
                "channel " + channel + ": message lost or reordered, expected " + expected[channel] + ", got " + sequence);
        }
        expected[channel] = sequence + 1;
    }

    /**
     * Adds what one pass over the channels took to {@link #received} when JMH is measuring.
     *
     * @param control JMH's control of the iteration.
     * @param count   messages taken by the pass.
     */
    public final void count(final Control control, final int count)
    {
        if (control.startMeasurement && !control.stopMeasurement)
        {
            received += count;
        }
    }
}
