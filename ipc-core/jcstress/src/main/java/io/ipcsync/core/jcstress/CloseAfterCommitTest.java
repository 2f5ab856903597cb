package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.ipcsync.core.ring.SpscRingConsumer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIJ_Result;

/**
 * A producer that commits and then closes: the consumer reads the message before it is told
 * {@link SpscRingConsumer#CLOSED}.
 */
@JCStressTest
@Description("offerLong then close (a release store of the producer-closed flag) racing two polls. " +
    "A poll that finds nothing reads the flag with acquire and, if set, checks the record length " +
    "again before it says CLOSED (-1). Result: first poll, second poll, the long read (0 if none).")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "Both polls ran before the commit.")
@Outcome(id = "0, 1, 1111111111111111111", expect = ACCEPTABLE, desc = "The second poll read the message.")
@Outcome(id = "1, 0, 1111111111111111111", expect = ACCEPTABLE,
    desc = "The first poll read the message; the second ran before the close.")
@Outcome(id = "1, -1, 1111111111111111111", expect = ACCEPTABLE,
    desc = "The first poll read the message; the second saw the close.")
@Outcome(expect = FORBIDDEN, desc = "CLOSED before the committed message was read, or a torn message.")
@State
public class CloseAfterCommitTest
{
    private final SpscRing ring = new SpscRing();

    /**
     * Creates a state over a fresh, empty ring.
     */
    public CloseAfterCommitTest()
    {
    }

    /**
     * Commits one message, then closes.
     */
    @Actor
    public void producer()
    {
        if (!ring.producer.offerLong(SpscRing.TYPE, Values.FIRST))
        {
            throw new IllegalStateException("no room in an empty ring");
        }
        ring.producer.close();
    }

    /**
     * Polls twice, recording both statuses and the message.
     *
     * @param r the two poll results and the long read.
     */
    @Actor
    public void consumer(final IIJ_Result r)
    {
        r.r1 = ring.consumer.poll((typeId, buffer, index, length) -> r.r3 = buffer.getLong(index), 1);
        r.r2 = ring.consumer.poll((typeId, buffer, index, length) -> r.r3 = buffer.getLong(index), 1);
    }

    /**
     * Unmaps the ring once both actors are done.
     */
    @Arbiter
    public void close()
    {
        ring.close();
    }
}
