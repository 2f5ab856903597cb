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
import org.openjdk.jcstress.infra.results.JJJJ_Result;

/**
 * A message written in place through {@code tryClaim}/{@code commit} is seen whole or not at all.
 */
@JCStressTest
@Description("tryClaim, two plain long writes into the claim, commit; racing one poll. The release " +
    "store of the record length must order the message writes before it, and the consumer's " +
    "acquire load must order its reads after it. Result: poll count, type*1000+length, long 1, long 2.")
@Outcome(id = "0, 0, 0, 0", expect = ACCEPTABLE, desc = "The poll ran before the commit: nothing seen.")
@Outcome(id = "1, 7016, 1111111111111111111, 2222222222222222222", expect = ACCEPTABLE,
    desc = "The whole message.")
@Outcome(expect = FORBIDDEN, desc = "A torn or stale message: the record length was seen before the bytes it covers.")
@State
public class ClaimCommitPollTest
{
    private final SpscRing ring = new SpscRing();

    /**
     * Creates a state over a fresh, empty ring.
     */
    public ClaimCommitPollTest()
    {
    }

    /**
     * Claims, writes and commits a 16-byte message.
     */
    @Actor
    public void producer()
    {
        final int index = ring.producer.tryClaim(SpscRing.TYPE, 16);
        if (index < 0)
        {
            throw new IllegalStateException("no room in an empty ring: " + index);
        }
        final AtomicBuffer buffer = ring.producer.buffer();
        buffer.putLong(index, Values.FIRST);
        buffer.putLong(index + 8, Values.SECOND);
        ring.producer.commit(index);
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
