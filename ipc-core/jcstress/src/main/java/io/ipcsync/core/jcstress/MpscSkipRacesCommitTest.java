package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.agrona.concurrent.AtomicBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The MPSC consumer skipping a claim that timed out races its producer's commit, which is a
 * revocation check and a release store, not a CAS: the message is delivered once, or not delivered
 * and the commit throws, or (the window the producer's class comment documents) not delivered and
 * the commit returns; never delivered after a failed commit, never torn, never a corrupt ring.
 */
@JCStressTest
@Description("Producer 1 has claimed 16 bytes; its actor writes FIRST, SECOND and commits; the consumer, " +
    "with a zero claim timeout, polls 200 times (it revokes and skips the claim on its second empty poll); " +
    "the arbiter drains. Result: the type the consumer saw (9 torn), 1 if the commit threw, messages left.")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "Committed and delivered to the consumer.")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "Committed after the consumer stopped polling, before it skipped.")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "Revoked and skipped; the commit found out and threw.")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "The commit checked its slot before the " +
    "revocation and stored its length after the skip, into padding of the same length: lost without the exception.")
@Outcome(expect = FORBIDDEN, desc = "Delivered after a failed commit, delivered twice, or torn.")
@State
public class MpscSkipRacesCommitTest
{
    private final MpscRing ring = new MpscRing(0);
    private final int index = ring.producer1.tryClaim(MpscRing.TYPE_1, 16);

    /**
     * Creates a state with producer 1's claim open.
     */
    public MpscSkipRacesCommitTest()
    {
    }

    /**
     * Writes and commits the claimed message.
     *
     * @param r r2: 1 if the commit threw.
     */
    @Actor
    public void producer(final III_Result r)
    {
        final AtomicBuffer buffer = ring.producer1.buffer();
        buffer.putLong(index, Values.FIRST);
        buffer.putLong(index + 8, Values.SECOND);
        try
        {
            ring.producer1.commit(index);
        }
        catch (final IllegalStateException revoked)
        {
            r.r2 = 1;
        }
    }

    /**
     * Polls until it gets a message or 200 times.
     *
     * @param r r1: the type of the message seen, 0 if none.
     */
    @Actor
    public void consumer(final III_Result r)
    {
        final int[] seen = {0};
        for (int i = 0; i < 200 && seen[0] == 0; i++)
        {
            ring.consumer.poll((typeId, buffer, at, length) ->
                seen[0] = MpscRing.check(typeId, buffer, at, length) ? typeId : MpscRing.TORN, 1);
        }
        r.r1 = seen[0];
    }

    /**
     * Drains what is left and unmaps the ring.
     *
     * @param r r3: the messages left.
     */
    @Arbiter
    public void arbiter(final III_Result r)
    {
        r.r3 = ring.drain();
        ring.close();
    }
}
