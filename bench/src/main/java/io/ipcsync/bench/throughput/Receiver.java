package io.ipcsync.bench.throughput;

import io.ipcsync.bench.LoopThreadHook;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Control;

/**
 * The consumer side's per-thread state: checks each message's sequence and counts messages
 * received while JMH measures.
 *
 * <p>Subclasses are {@code @State(Scope.Thread) @AuxCounters}, adapt a library's handler
 * interface to {@link #onMessage(long, long)} and declare {@code public long received()} returning
 * {@link #receivedCount()} (JMH looks for aux counters only among a class's own members): it is the
 * benchmark's result, reported by JMH as the secondary metric {@code received} in messages per
 * second. Counting only between {@code startMeasurement} and {@code stopMeasurement} leaves out
 * the messages moved while JMH lets the other thread of the group finish its iteration.
 */
public abstract class Receiver
{
    private long received;

    /** Sequence the next message must carry. */
    private long expected;

    /** Creates a receiver expecting sequence 0. */
    protected Receiver()
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
        final long expected = this.expected;
        if (first != expected | last != expected)
        {
            throw Workload.mismatch(expected, first, last);
        }
        this.expected = expected + 1;
    }

    /**
     * Adds what one consumer call took to {@link #received} when JMH is measuring.
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
