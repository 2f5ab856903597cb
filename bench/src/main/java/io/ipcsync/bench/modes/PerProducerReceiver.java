package io.ipcsync.bench.modes;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Control;

/**
 * The consumer side of a many-producer benchmark: checks that each producer's messages arrive in
 * its order, none lost or repeated, and counts the messages received while JMH measures.
 *
 * <p>Subclasses are {@code @State(Scope.Thread) @AuxCounters} and declare {@code public long
 * received()} returning {@link #receivedCount()}, as in {@link io.ipcsync.bench.throughput.Receiver}.
 */
public abstract class PerProducerReceiver
{
    /** Bits of a message value that hold the sequence; the producer id is above them. */
    static final int SEQUENCE_BITS = 56;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;

    private final long[] expected = new long[16];
    private long received;

    /** Creates a receiver expecting sequence 0 of every producer. */
    protected PerProducerReceiver()
    {
    }

    /**
     * Returns the value a producer puts into its message.
     *
     * @param producerId the producer's id, 0 to 15.
     * @param sequence   its sequence.
     * @return the value a producer puts into its message.
     */
    static long value(final int producerId, final long sequence)
    {
        return (long)producerId << SEQUENCE_BITS | sequence;
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
     * @param first the value in its first 8 bytes.
     * @param last  the value in its last 8 bytes (the same field for 8-byte messages).
     */
    final void onMessage(final long first, final long last)
    {
        final int producer = (int)(first >>> SEQUENCE_BITS);
        final long sequence = first & SEQUENCE_MASK;
        if (first != last || producer >= expected.length || sequence != expected[producer])
        {
            throw new IllegalStateException("message lost, repeated or torn: first field " + Long.toHexString(first) +
                ", last field " + Long.toHexString(last) + ", expected sequence " +
                (producer < expected.length ? expected[producer] : -1) + " of producer " + producer);
        }
        expected[producer] = sequence + 1;
    }

    /**
     * Adds what one consumer call took to the count when JMH is measuring.
     *
     * @param control JMH's control of the iteration.
     * @param count   messages taken by the call.
     */
    public final void count(final Control control, final int count)
    {
        if (count < 0)
        {
            throw new IllegalStateException("poll returned status " + count + " (closed or peer dead)");
        }
        if (control.startMeasurement && !control.stopMeasurement)
        {
            received += count;
        }
    }
}
