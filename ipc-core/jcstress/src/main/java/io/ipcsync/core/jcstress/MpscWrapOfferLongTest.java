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
 * Two producers offer at the end of the ring, where the second claim needs a padding record and
 * wraps to the start.
 */
@JCStressTest
@Description("The ring has 24 bytes left before its end: the first 16-byte record fits, the second is " +
    "preceded by 8 bytes of padding and starts the next lap. Two MPSC producers offerLong at once; then the " +
    "consumer drains. Result: the type of the 1st and 2nd message (9 = wrong content), and how many arrived.")
@Outcome(id = {"1, 2, 2", "2, 1, 2"}, expect = ACCEPTABLE, desc = "Both, across the padding, in claim order.")
@Outcome(expect = FORBIDDEN, desc = "A wrong, repeated or lost message.")
@State
public class MpscWrapOfferLongTest
{
    private final MpscRing ring = new MpscRing();

    /**
     * Creates a state whose positions are 24 bytes before the end of the ring.
     */
    public MpscWrapOfferLongTest()
    {
        ring.advanceTo(32);
        final int index = ring.producer2.tryClaim(MpscRing.TYPE_2, 0); // an 8-byte record: 24 bytes are left
        if (index < 0)
        {
            throw new IllegalStateException("setup: no room");
        }
        ring.producer2.commit(index);
        if (ring.drain() != 1)
        {
            throw new IllegalStateException("setup: the empty message did not arrive");
        }
    }

    /**
     * The first producer.
     */
    @Actor
    public void producer1()
    {
        if (!ring.producer1.offerLong(MpscRing.TYPE_1, Values.FIRST))
        {
            throw new IllegalStateException("no room");
        }
    }

    /**
     * The second producer.
     */
    @Actor
    public void producer2()
    {
        if (!ring.producer2.offerLong(MpscRing.TYPE_2, Values.NEWER))
        {
            throw new IllegalStateException("no room");
        }
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
