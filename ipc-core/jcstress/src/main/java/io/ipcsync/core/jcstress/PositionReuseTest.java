package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJJJJ_Result;

/**
 * The producer reuses space only after the consumer's handler is done with it and the consumer
 * has zeroed it: the consumer publishes its cleared position with a release store after the
 * handler returns and the zeroing is done, and the producer reads it with acquire when its cached
 * position says the ring is full. The first message fills a whole 128-byte block, as the consumer
 * zeroes (and hands back) only the blocks it has read past.
 */
@JCStressTest
@Description("A full 1024-byte ring: a 120-byte message of 0x5A bytes at index 0 (a 128-byte " +
    "record, one whole zeroing block), then filler up to position 1016. offerLong must wrap into " +
    "the space of that first message: it fits only once the consumer has published cleared " +
    "position 128, and it overwrites the first message's first long with 3333333333333333333. " +
    "Racing one poll that reads the first message, then zeroes it. Result: offer succeeded (1/0), " +
    "poll count, the three longs the handler read, and afterwards the long at index 8 (the new " +
    "record's message if the offer succeeded).")
@Outcome(id = "0, 1, 6510615555426900570, 6510615555426900570, 6510615555426900570, 0", expect = ACCEPTABLE,
    desc = "The producer found the ring full; the handler read the first message, which was zeroed.")
@Outcome(id = "1, 1, 6510615555426900570, 6510615555426900570, 6510615555426900570, 3333333333333333333",
    expect = ACCEPTABLE, desc = "The producer reused the space after the handler and the zeroing were done.")
@Outcome(expect = FORBIDDEN,
    desc = "The handler read bytes of the new record (3333333333333333333, or 0 from its pre-zeroing), " +
        "or the consumer's zeroing wiped the new record.")
@State
public class PositionReuseTest
{
    private static final int FULL = 1016;

    private final SpscRing ring = new SpscRing();

    /**
     * Fills the ring without reading any of it.
     */
    public PositionReuseTest()
    {
        ring.offerFilled(120, Values.OLD_FILL); // a 128-byte record at index 0, read by the race
        for (int i = 0; i < 6; i++)
        {
            ring.offerFilled(120, Values.OLD_FILL); // 128-byte records
        }
        ring.offerFilled(112, Values.OLD_FILL); // a 120-byte record: 128 + 6 * 128 + 120 = 1016
        if (ring.consumer.backlog() != FULL)
        {
            throw new IllegalStateException("setup: backlog " + ring.consumer.backlog() + ", expected " + FULL);
        }
        if (ring.producer.offerLong(SpscRing.TYPE, Values.NEWER))
        {
            throw new IllegalStateException("setup: the ring should be full");
        }
    }

    /**
     * Offers a long, which fits only in the space of the first message.
     *
     * @param r whether the offer succeeded.
     */
    @Actor
    public void producer(final JJJJJJ_Result r)
    {
        r.r1 = ring.producer.offerLong(SpscRing.TYPE, Values.NEWER) ? 1 : 0;
    }

    /**
     * Polls the first message, recording what the handler read.
     *
     * @param r poll count and the three longs.
     */
    @Actor
    public void consumer(final JJJJJJ_Result r)
    {
        r.r2 = ring.consumer.poll((typeId, buffer, index, length) ->
        {
            r.r3 = buffer.getLong(index);
            r.r4 = buffer.getLong(index + 8);
            r.r5 = buffer.getLong(index + 16);
        }, 1);
    }

    /**
     * Records what the space of the first message holds once both actors are done, then unmaps.
     *
     * @param r the long at index 8.
     */
    @Arbiter
    public void close(final JJJJJJ_Result r)
    {
        r.r6 = ring.ringLong(8);
        ring.close();
    }
}
