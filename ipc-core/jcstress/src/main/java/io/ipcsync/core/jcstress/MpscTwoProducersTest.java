package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two producers claim, write and commit at once: both messages arrive whole and once, in the
 * order their claims won the tail.
 */
@JCStressTest
@Description("Two MPSC producers each tryClaim/write two longs/commit at the same time; then the consumer " +
    "drains. Result: the type of the 1st and 2nd message (9 = torn), and how many arrived.")
@Outcome(id = {"1, 2, 2", "2, 1, 2"}, expect = ACCEPTABLE, desc = "Both whole, in claim order.")
@Outcome(expect = FORBIDDEN, desc = "A torn, repeated or lost message: two claims overlapped.")
@State
public class MpscTwoProducersTest
{
    private final MpscRing ring = new MpscRing();

    /**
     * Creates a state over a fresh, empty ring.
     */
    public MpscTwoProducersTest()
    {
    }

    /**
     * The first producer.
     */
    @Actor
    public void producer1()
    {
        MpscRing.claimAndCommit(ring.producer1, MpscRing.TYPE_1, Values.FIRST, Values.SECOND);
    }

    /**
     * The second producer.
     */
    @Actor
    public void producer2()
    {
        MpscRing.claimAndCommit(ring.producer2, MpscRing.TYPE_2, Values.NEWER, Values.OLD);
    }

    /**
     * Drains and unmaps the ring.
     *
     * @param r what arrived.
     */
    @Arbiter
    public void arbiter(final III_Result r)
    {
        ring.drainInto(r);
        ring.close();
    }
}
