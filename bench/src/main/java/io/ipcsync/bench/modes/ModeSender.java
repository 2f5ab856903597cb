package io.ipcsync.bench.modes;

import io.ipcsync.bench.LoopThreadHook;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A producer thread's id and the sequence of its next message.
 */
@State(Scope.Thread)
public class ModeSender
{
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    /** This producer's id, in the top 16 bits of each of its messages. */
    long idBits;
    /** Sequence of the next message; advanced only when a send succeeds. */
    long sequence;
    /** For the object queues: the boxed message a full queue refused, sent first next time. */
    Long pending;

    /** Creates a sender; JMH calls this. */
    public ModeSender()
    {
    }

    /** Takes an id and gives the hook a chance to pin this JMH worker thread. */
    @Setup(Level.Trial)
    public void beforeLoop()
    {
        idBits = (long)(NEXT_ID.getAndIncrement() & (ModeReceiver.PRODUCERS - 1)) << ModeReceiver.SEQUENCE_BITS;
        LoopThreadHook.configured().beforeLoop("producer");
    }

    /**
     * Returns the next message: the id bits and the sequence.
     *
     * @return the next message: the id bits and the sequence.
     */
    long message()
    {
        return idBits | sequence;
    }

    /**
     * Returns the boxed next message for an object queue, reusing one a full queue refused.
     *
     * @return the boxed next message.
     */
    Long boxed()
    {
        final Long message = pending;
        return message != null ? message : Long.valueOf(idBits | sequence);
    }

    /**
     * Records the outcome of offering {@link #boxed()}.
     *
     * @param message the message offered.
     * @param sent    whether the queue took it.
     * @return {@code sent}.
     */
    boolean sent(final Long message, final boolean sent)
    {
        if (sent)
        {
            pending = null;
            sequence++;
        }
        else
        {
            pending = message;
        }
        return sent;
    }
}
