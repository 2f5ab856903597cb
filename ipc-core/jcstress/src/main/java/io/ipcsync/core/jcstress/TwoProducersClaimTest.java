package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.ipcsync.core.ring.SlotRingConsumer;
import io.ipcsync.core.ring.SlotRingProducer;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two producers racing for positions of an MPMC slot ring (CAS on the tail): each gets its own
 * slot, so both records arrive once and whole.
 */
@JCStressTest
@Description("With the tail at the last slot of the ring, producer 1 writes FIRST by tryClaim/commit and " +
    "producer 2 writes SECOND by offer, at once; the arbiter drains. Result: bits the arbiter saw " +
    "(1 FIRST, 2 SECOND, 64 torn), messages it took.")
@Outcome(id = "3, 2", expect = ACCEPTABLE, desc = "Both records, once each, whole.")
@Outcome(expect = FORBIDDEN, desc = "Both producers claimed one slot: a record lost, torn or seen twice.")
@State
public class TwoProducersClaimTest
{
    private final SlotRing ring = new SlotRing();
    private final SlotRingProducer first = ring.producer();
    private final SlotRingProducer second = ring.producer();
    private final SlotRingConsumer arbiter = ring.consumer(TimeUnit.SECONDS.toNanos(10));
    private final UnsafeBuffer source = new UnsafeBuffer(new byte[SlotRing.LENGTH]);

    /**
     * Creates a state whose tail is at the last slot of the ring.
     */
    public TwoProducersClaimTest()
    {
        SlotRing.advance(first, arbiter, first.slotCount() - 1);
        source.putLong(0, Values.SECOND);
        source.putLong(8, Values.SECOND);
    }

    /**
     * Claims, writes and commits FIRST.
     */
    @Actor
    public void producer1()
    {
        SlotRing.write(first, Values.FIRST);
    }

    /**
     * Offers SECOND.
     */
    @Actor
    public void producer2()
    {
        if (!second.offer(2, source, 0, SlotRing.LENGTH))
        {
            throw new IllegalStateException("no room in an empty ring");
        }
    }

    /**
     * Drains the ring and unmaps it.
     *
     * @param r r1: the bits the arbiter saw; r2: how many messages it took.
     */
    @Arbiter
    public void arbiter(final II_Result r)
    {
        final int[] seen = {0, 0};
        while (arbiter.poll((typeId, buffer, index, length) ->
        {
            seen[0] |= SlotRing.bitOf(buffer, index, length);
            seen[1]++;
        }, 16) > 0)
        {
            Thread.onSpinWait();
        }
        r.r1 = seen[0];
        r.r2 = seen[1];
        ring.close();
    }
}
