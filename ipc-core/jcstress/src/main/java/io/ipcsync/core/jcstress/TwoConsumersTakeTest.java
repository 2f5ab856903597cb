package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.ipcsync.core.ring.SlotRingConsumer;
import io.ipcsync.core.ring.SlotRingProducer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two consumers racing for the records of an MPMC slot ring (CAS on the head): each record goes
 * to exactly one of them, whole.
 */
@JCStressTest
@Description("The state commits FIRST and SECOND in the last slot of the ring and the first slot of its " +
    "second lap; two consumers poll one record each at once; the arbiter drains the rest. Result: bits " +
    "seen by consumer 1, by consumer 2, by the arbiter (1 FIRST, 2 SECOND, 64 torn).")
@Outcome(id = {"1, 2, 0", "2, 1, 0"}, expect = ACCEPTABLE, desc = "One record each.")
@Outcome(expect = FORBIDDEN, desc = "A record went to both consumers, to none, or was torn.")
@State
public class TwoConsumersTakeTest
{
    private final SlotRing ring = new SlotRing();
    private final SlotRingConsumer first = ring.consumer(TimeUnit.SECONDS.toNanos(10));
    private final SlotRingConsumer second = ring.consumer(TimeUnit.SECONDS.toNanos(10));
    private final SlotRingConsumer arbiter = ring.consumer(TimeUnit.SECONDS.toNanos(10));

    /**
     * Creates a state whose ring holds the two records.
     */
    public TwoConsumersTakeTest()
    {
        final SlotRingProducer producer = ring.producer();
        SlotRing.advance(producer, arbiter, producer.slotCount() - 1);
        SlotRing.write(producer, Values.FIRST);
        SlotRing.write(producer, Values.SECOND);
    }

    /**
     * Polls one record.
     *
     * @param r r1: the bits this consumer saw.
     */
    @Actor
    public void consumer1(final III_Result r)
    {
        final int[] bits = {0};
        first.poll((typeId, buffer, index, length) -> bits[0] |= SlotRing.bitOf(buffer, index, length), 1);
        r.r1 = bits[0];
    }

    /**
     * Polls one record.
     *
     * @param r r2: the bits this consumer saw.
     */
    @Actor
    public void consumer2(final III_Result r)
    {
        final int[] bits = {0};
        second.poll((typeId, buffer, index, length) -> bits[0] |= SlotRing.bitOf(buffer, index, length), 1);
        r.r2 = bits[0];
    }

    /**
     * Drains what the consumers left and unmaps the ring.
     *
     * @param r r3: the bits left for the arbiter.
     */
    @Arbiter
    public void arbiter(final III_Result r)
    {
        r.r3 = SlotRing.drain(arbiter);
        ring.close();
    }
}
