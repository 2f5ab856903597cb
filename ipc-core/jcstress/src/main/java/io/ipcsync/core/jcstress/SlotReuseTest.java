package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.ipcsync.core.ChannelMode;
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
 * A producer of the next lap reuses a slot only after the consumer's handler is done with it: the
 * consumer hands the slot on with a release store of its next-lap FREE word once the handler has
 * returned (no CAS), and the producer's claim reads that word with acquire before it writes. The
 * test runs in SPMC, where the producer claims without a CAS too, so no full fence of a CAS on
 * either side can hide a missing ordering.
 */
@JCStressTest
@Description("A full SPMC ring of 32 slots: FIRST at position 0, then 31 filler longs. One consumer polls one " +
    "message (position 0) while a producer writes SECOND into the next lap of the same slot, which it can " +
    "only do once the consumer has handed the slot on. Result: the producer's write went in (1/0), the bits " +
    "the handler saw (1 FIRST, 2 SECOND, 64 torn), the messages left for the arbiter.")
@Outcome(id = "0, 1, 31", expect = ACCEPTABLE, desc = "The producer found the ring full.")
@Outcome(id = "1, 1, 32", expect = ACCEPTABLE, desc = "The producer reused the slot after the handler was done.")
@Outcome(expect = FORBIDDEN, desc = "The handler read bytes of the next lap's message, or a message was lost.")
@State
public class SlotReuseTest
{
    private static final int SLOTS = 32;

    private final SlotRing ring = new SlotRing(ChannelMode.SPMC);
    private final SlotRingProducer producer = ring.producer();
    private final SlotRingConsumer consumer = ring.consumer(TimeUnit.SECONDS.toNanos(10));

    /**
     * Creates a state whose ring is full, FIRST at position 0.
     */
    public SlotReuseTest()
    {
        if (producer.slotCount() != SLOTS)
        {
            throw new IllegalStateException("setup: " + producer.slotCount() + " slots, expected " + SLOTS);
        }
        SlotRing.write(producer, Values.FIRST);
        for (int i = 1; i < SLOTS; i++)
        {
            if (!producer.offerLong(0, i))
            {
                throw new IllegalStateException("setup: filler message " + i + " did not fit");
            }
        }
    }

    /**
     * Writes SECOND into the next lap of slot 0, if the consumer has handed it on.
     *
     * @param r r1: 1 if the write went in.
     */
    @Actor
    public void producer(final III_Result r)
    {
        final int index = producer.tryClaim(1, SlotRing.LENGTH);
        if (index >= 0)
        {
            producer.buffer().putLong(index, Values.SECOND);
            producer.buffer().putLong(index + 8, Values.SECOND);
            producer.commit(index);
        }
        r.r1 = index >= 0 ? 1 : 0;
    }

    /**
     * Polls the message at position 0.
     *
     * @param r r2: the bits the handler saw.
     */
    @Actor
    public void consumer(final III_Result r)
    {
        final int[] bits = {0};
        consumer.poll((typeId, buffer, index, length) -> bits[0] |= SlotRing.bitOf(buffer, index, length), 1);
        r.r2 = bits[0];
    }

    /**
     * Counts what is left and unmaps the ring.
     *
     * @param r r3: messages left.
     */
    @Arbiter
    public void arbiter(final III_Result r)
    {
        int left = 0;
        while (consumer.poll((typeId, buffer, index, length) -> { }, 1) == 1)
        {
            left++;
        }
        r.r3 = left;
        ring.close();
    }
}
