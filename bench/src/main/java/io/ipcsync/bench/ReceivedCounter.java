package io.ipcsync.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Control;

/**
 * What every consumer-side state of the throughput benchmarks shares: the pinning hook before the
 * loop and the count of messages received while JMH measures, reset each iteration.
 *
 * <p>Subclasses are {@code @State(Scope.Thread) @AuxCounters}, check the messages their way and
 * declare {@code public long received()} returning {@link #receivedCount()} (JMH looks for aux
 * counters only among a class's own members): JMH reports it as the secondary metric
 * {@code received}, messages per second. Counting only between {@code startMeasurement} and
 * {@code stopMeasurement} leaves out the messages moved while JMH lets the other thread of the group
 * finish its iteration.
 */
public abstract class ReceivedCounter
{
    private long received;

    /** Creates a counter at zero. */
    protected ReceivedCounter()
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
