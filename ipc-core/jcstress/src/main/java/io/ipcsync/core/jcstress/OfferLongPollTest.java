package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

/**
 * A message written by {@code offerLong} is seen whole or not at all.
 */
@JCStressTest
@Description("offerLong (one plain long write, the type, then the release store of the length) " +
    "racing one poll. Result: poll count, type*1000+length, the long.")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "The poll ran before the offer: nothing seen.")
@Outcome(id = "1, 7008, 1111111111111111111", expect = ACCEPTABLE, desc = "The whole message.")
@Outcome(expect = FORBIDDEN, desc = "A torn or stale message: the record length was seen before the bytes it covers.")
@State
public class OfferLongPollTest
{
    private final SpscRing ring = new SpscRing();

    /**
     * Creates a state over a fresh, empty ring.
     */
    public OfferLongPollTest()
    {
    }

    /**
     * Offers the 8-byte message.
     */
    @Actor
    public void producer()
    {
        if (!ring.producer.offerLong(SpscRing.TYPE, Values.FIRST))
        {
            throw new IllegalStateException("no room in an empty ring");
        }
    }

    /**
     * Polls once, recording what the handler saw.
     *
     * @param r poll count, frame, the long.
     */
    @Actor
    public void consumer(final JJJ_Result r)
    {
        r.r1 = ring.consumer.poll((typeId, buffer, index, length) ->
        {
            r.r2 = SpscRing.frame(typeId, length);
            r.r3 = buffer.getLong(index);
        }, 1);
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
