package io.ipcsync.bench.modes;

import io.ipcsync.bench.LoopThreadHook;
import io.ipcsync.bench.throughput.Workload;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Control;

/**
 * A broadcast subscriber's per-thread state: checks each message's sequence fields, and counts
 * messages received and messages lost to laps while JMH measures.
 *
 * <p>A message whose two sequence fields differ is torn, and one whose sequence is below the
 * expected one is repeated or out of order: both fail the run. A sequence above the expected one
 * is a gap the producer's laps caused. With {@link #strict} the library must have reported every
 * gap before it ({@link #skip}), so an unreported gap fails the run; without it the gap itself is
 * the count of lost messages (for a library that does not say how many it lost).
 *
 * <p>Subclasses are {@code @State(Scope.Thread) @AuxCounters} and declare {@code public long
 * received()} and {@code public long lost()} returning {@link #receivedCount()} and
 * {@link #lostCount()} (JMH looks for aux counters among a class's own members).
 */
public abstract class LossCountingSubscriber
{
    private final boolean strict;
    private long expected;
    private long received;
    private long lost;
    private boolean measuring;

    /**
     * Creates a subscriber expecting sequence 0.
     *
     * @param strict true when the library reports every loss before the gap, through {@link #skip}.
     */
    protected LossCountingSubscriber(final boolean strict)
    {
        this.strict = strict;
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
        lost = 0;
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
     * Returns messages lost to laps during the measured part of the current iteration.
     *
     * @return messages lost to laps during the measured part of the current iteration.
     */
    protected final long lostCount()
    {
        return lost;
    }

    /**
     * Notes whether JMH is measuring; call before each batch.
     *
     * @param control JMH's control of the iteration.
     */
    protected final void observe(final Control control)
    {
        measuring = control.startMeasurement && !control.stopMeasurement;
    }

    /**
     * Accounts for messages the library reports lost: the next message must come that many later.
     *
     * @param count messages lost.
     */
    protected final void skip(final long count)
    {
        expected += count;
        if (measuring)
        {
            lost += count;
        }
    }

    /**
     * Checks and counts one message.
     *
     * @param first sequence in the message's first 8 bytes.
     * @param last  sequence in its last 8 bytes (the same field for 8-byte messages).
     */
    protected final void onMessage(final long first, final long last)
    {
        final long gap = Workload.checkedGap(expected, first, last, strict);
        if (measuring)
        {
            received++;
            lost += gap;
        }
        this.expected = first + 1;
    }
}
