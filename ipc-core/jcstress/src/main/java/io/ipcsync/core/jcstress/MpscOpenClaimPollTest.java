package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.agrona.concurrent.AtomicBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * An open claim holds back the records after it: the consumer never reads a claimed-not-committed
 * record, nor one behind it, and sees a committed one whole.
 */
@JCStressTest
@Description("Producer 2 has claimed 16 bytes (not committed). One actor makes producer 1 offerLong after " +
    "that claim, then writes and commits producer 2's claim; the other polls once (limit 2). Result: the " +
    "type of the 1st and 2nd message the poll saw (0 none, 9 torn).")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The poll ran before the commit.")
@Outcome(id = "2, 0", expect = ACCEPTABLE, desc = "Producer 2's message only (the poll's second read came first).")
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "Both, in ring order.")
@Outcome(expect = FORBIDDEN, desc = "The open claim was read or passed, or a message was torn.")
@State
public class MpscOpenClaimPollTest
{
    private final MpscRing ring = new MpscRing();
    private final int claimed;

    /**
     * Creates a state whose ring starts with producer 2's open claim.
     */
    public MpscOpenClaimPollTest()
    {
        claimed = ring.producer2.tryClaim(MpscRing.TYPE_2, 16);
        if (claimed < 0)
        {
            throw new IllegalStateException("setup: no room");
        }
    }

    /**
     * Producer 1 writes behind the open claim, then producer 2 completes it.
     */
    @Actor
    public void producers()
    {
        if (!ring.producer1.offerLong(MpscRing.TYPE_1, Values.FIRST))
        {
            throw new IllegalStateException("no room");
        }
        final AtomicBuffer buffer = ring.producer2.buffer();
        buffer.putLong(claimed, Values.NEWER);
        buffer.putLong(claimed + 8, Values.OLD);
        ring.producer2.commit(claimed);
    }

    /**
     * Polls once.
     *
     * @param r the types of the messages seen.
     */
    @Actor
    public void consumer(final II_Result r)
    {
        final int[] seen = new int[2];
        final int[] count = {0};
        ring.consumer.poll((typeId, buffer, index, length) ->
            seen[count[0]++] = MpscRing.check(typeId, buffer, index, length) ? typeId : MpscRing.TORN, 2);
        r.r1 = seen[0];
        r.r2 = seen[1];
    }

    /**
     * Unmaps the ring.
     */
    @Arbiter
    public void close()
    {
        ring.close();
    }
}
