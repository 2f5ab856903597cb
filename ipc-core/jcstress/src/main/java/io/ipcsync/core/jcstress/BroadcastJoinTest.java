package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.ipcsync.core.ring.BroadcastReceiver;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * A receiver that joins while the transmitter publishes gets a starting sequence that matches
 * the first message it then reads: it sees the message, or it starts after it, never half of each.
 */
@JCStressTest
@Description("Message 0 is in the ring. The transmitter offers message 1 (its latest store, then " +
    "its tail store) while a new receiver joins (loading tail, then latest). Afterwards the receiver " +
    "polls. Result: the sequence the receiver expected at join, the first word of the first message " +
    "it read (-1 if none).")
@Outcome(id = "1, 1111111111111111112", expect = ACCEPTABLE, desc = "Joined before message 1 and read it.")
@Outcome(id = "2, -1", expect = ACCEPTABLE, desc = "Joined after message 1: nothing to read.")
@Outcome(expect = FORBIDDEN, desc = "A starting sequence that does not match the first message read, or a lost message.")
@State
public class BroadcastJoinTest
{
    private final BroadcastRing ring = new BroadcastRing();
    private BroadcastReceiver joined;
    private long joinedAt;

    /**
     * Writes message 0.
     */
    public BroadcastJoinTest()
    {
        ring.offerWords(1, Values.FIRST);
    }

    /**
     * Offers message 1.
     */
    @Actor
    public void transmitter()
    {
        ring.offerWords(1, Values.FIRST + 1);
    }

    /**
     * Joins a new receiver.
     */
    @Actor
    public void join()
    {
        joined = ring.newReceiver();
        joinedAt = joined.nextSequence();
    }

    /**
     * Polls the new receiver once both are done (a sequence that did not match would throw),
     * then unmaps the ring.
     *
     * @param r sequence at join, first word read or -1.
     */
    @Arbiter
    public void arbiter(final JJ_Result r)
    {
        final long[] first = {-1};
        joined.poll((typeId, buffer, index, length) ->
        {
            if (first[0] == -1)
            {
                first[0] = buffer.getLong(index);
            }
        }, 10);
        r.r1 = joinedAt;
        r.r2 = first[0];
        ring.close();
    }
}
