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
import org.openjdk.jcstress.infra.results.JJJJJ_Result;

/**
 * A claim that wraps publishes a padding record first; the consumer skips it and never sees the
 * first lap's bytes at the start of the ring as a message.
 */
@JCStressTest
@Description("Both sides stand at position 1008 of a 1024-byte ring whose first lap was filled " +
    "with 0x5A bytes (index 0 still holds a 128-byte record of lap one). A 16-byte tryClaim must " +
    "wrap: it zeroes the length at index 0, releases a 16-byte padding record at 1008, and the " +
    "commit releases the message at 0. Racing one poll. Result: poll count, consumer position " +
    "after the poll, type*1000+length, long 1, long 2.")
@Outcome(id = "0, 1008, 0, 0, 0", expect = ACCEPTABLE, desc = "The poll ran before the claim: nothing seen.")
@Outcome(id = "0, 1024, 0, 0, 0", expect = ACCEPTABLE,
    desc = "The poll saw the padding, skipped it, and the message was not committed yet.")
@Outcome(id = "1, 1048, 7016, 1111111111111111111, 2222222222222222222", expect = ACCEPTABLE,
    desc = "Padding skipped, the whole message read.")
@Outcome(expect = FORBIDDEN,
    desc = "Padding taken for a message, a torn message, or lap one's record at index 0 read as new.")
@State
public class WrapPaddingPollTest
{
    private static final int START = 1008;

    private final SpscRing ring = new SpscRing();

    /**
     * Writes and reads lap one so that both sides stand 16 bytes before the end of the ring.
     */
    public WrapPaddingPollTest()
    {
        for (int i = 0; i < 7; i++)
        {
            ring.offerFilled(120, Values.OLD_FILL); // 128-byte records
            ring.pollOne();
        }
        ring.offerFilled(104, Values.OLD_FILL); // a 112-byte record: 7 * 128 + 112 = 1008
        ring.pollOne();
        if (ring.consumerPosition() != START)
        {
            throw new IllegalStateException("setup: consumer at " + ring.consumerPosition() + ", expected " + START);
        }
    }

    /**
     * Claims 16 bytes (which wraps), writes them and commits.
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
     * Polls for one message, recording what the handler saw and where the consumer ended.
     *
     * @param r poll count, consumer position, frame, the two longs.
     */
    @Actor
    public void consumer(final JJJJJ_Result r)
    {
        r.r1 = ring.consumer.poll((typeId, buffer, index, length) ->
        {
            r.r3 = SpscRing.frame(typeId, length);
            r.r4 = buffer.getLong(index);
            r.r5 = buffer.getLong(index + 8);
        }, 1);
        r.r2 = ring.consumerPosition();
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
