package io.ipcsync.bench.throughput;

import io.ipcsync.bench.LoopThreadHook;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The producer side's per-thread state: the sequence of the next message to send.
 *
 * <p>Kept in thread state rather than in the shared benchmark object, so the producer's and the
 * consumer's hot fields never share a cache line.
 */
@State(Scope.Thread)
public class Sender
{
    /** Sequence of the next message; advanced only when a send succeeds. */
    public long sequence;

    /** Creates a sender starting at sequence 0. */
    public Sender()
    {
    }

    /** Gives the hook a chance to pin this JMH worker thread (a no-op unless configured). */
    @Setup(Level.Trial)
    public void beforeLoop()
    {
        LoopThreadHook.configured().beforeLoop("producer");
    }
}
