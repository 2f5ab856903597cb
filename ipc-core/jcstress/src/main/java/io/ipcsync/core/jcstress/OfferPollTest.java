package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJJ_Result;

/**
 * A message copied in by {@code offer} is seen whole or not at all.
 */
@JCStressTest
@Description("offer of a 16-byte buffer (the copy path: putBytes, then the type, then the release " +
    "store of the length) racing one poll. Result: poll count, type*1000+length, long 1, long 2.")
@Outcome(id = "0, 0, 0, 0", expect = ACCEPTABLE, desc = "The poll ran before the offer: nothing seen.")
@Outcome(id = "1, 7016, 1111111111111111111, 2222222222222222222", expect = ACCEPTABLE,
    desc = "The whole message.")
@Outcome(expect = FORBIDDEN, desc = "A torn or stale message: the record length was seen before the bytes it covers.")
@State
public class OfferPollTest
{
    private final SpscRing ring = new SpscRing();
    private final UnsafeBuffer source = new UnsafeBuffer(new byte[16]);

    /**
     * Fills the source buffer the producer copies.
     */
    public OfferPollTest()
    {
        source.putLong(0, Values.FIRST);
        source.putLong(8, Values.SECOND);
    }

    /**
     * Offers the 16-byte message.
     */
    @Actor
    public void producer()
    {
        if (!ring.producer.offer(SpscRing.TYPE, source, 0, 16))
        {
            throw new IllegalStateException("no room in an empty ring");
        }
    }

    /**
     * Polls once, recording what the handler saw.
     *
     * @param r poll count, frame, the two longs.
     */
    @Actor
    public void consumer(final JJJJ_Result r)
    {
        r.r1 = ring.consumer.poll((typeId, buffer, index, length) ->
        {
            r.r2 = SpscRing.frame(typeId, length);
            r.r3 = buffer.getLong(index);
            r.r4 = buffer.getLong(index + 8);
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
