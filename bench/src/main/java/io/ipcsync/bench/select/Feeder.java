package io.ipcsync.bench.select;

import io.ipcsync.bench.LoopThreadHook;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The producer thread's state: the channel that gets the next message, and each channel's next
 * sequence. A full channel is retried, not skipped, so the messages stay spread evenly.
 */
@State(Scope.Thread)
public class Feeder
{
    /** The channel the next message goes to. */
    public int channel;

    /** Each channel's next sequence; advanced only when a send succeeds. */
    public final long[] sequences = new long[SelectWorkload.MAX_CHANNELS];

    /** Creates a feeder starting at channel 0, sequence 0 everywhere. */
    public Feeder()
    {
    }

    /** Gives the hook a chance to pin this JMH worker thread (a no-op unless configured). */
    @Setup(Level.Trial)
    public void beforeLoop()
    {
        LoopThreadHook.configured().beforeLoop("producer");
    }

    /**
     * Records a successful send of {@code sequence} into the current channel and moves to the next one.
     *
     * @param channels how many channels there are.
     * @param sequence the sequence just sent.
     */
    public final void sent(final int channels, final long sequence)
    {
        final int channel = this.channel;
        sequences[channel] = sequence + 1;
        this.channel = channel + 1 == channels ? 0 : channel + 1;
    }
}
