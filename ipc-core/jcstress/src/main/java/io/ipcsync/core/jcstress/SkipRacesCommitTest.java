package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.ipcsync.core.ring.SlotRingConsumer;
import io.ipcsync.core.ring.SlotRingProducer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A consumer skipping a claim that timed out races its producer's commit: the message is either
 * delivered once, or not delivered and the commit fails; never delivered after a failed commit,
 * and never lost after a successful one.
 */
@JCStressTest
@Description("The state claims a slot; the producer actor writes FIRST and commits; a consumer with a " +
    "zero claim timeout polls 200 times (it skips a stuck claim after 64 polls); the arbiter drains. " +
    "Result: bits the consumer saw, 1 if the commit threw IllegalStateException, bits left for the arbiter.")
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "Committed and delivered to the consumer.")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "Committed after the consumer stopped polling, before it skipped.")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "Skipped; the commit found out and threw.")
@Outcome(expect = FORBIDDEN, desc = "Lost after a successful commit, delivered after a failed one, or torn.")
@State
public class SkipRacesCommitTest
{
    private final SlotRing ring = new SlotRing();
    private final SlotRingProducer producer = ring.producer();
    private final SlotRingConsumer consumer = ring.consumer(0);
    private final SlotRingConsumer arbiter = ring.consumer(Long.MAX_VALUE);
    private final int index = producer.tryClaim(1, SlotRing.LENGTH);

    /**
     * Creates a state with a claim open.
     */
    public SkipRacesCommitTest()
    {
    }

    /**
     * Writes and commits the claimed record.
     *
     * @param r r2: 1 if the commit threw.
     */
    @Actor
    public void producer(final III_Result r)
    {
        producer.buffer().putLong(index, Values.FIRST);
        producer.buffer().putLong(index + 8, Values.FIRST);
        try
        {
            producer.commit(index);
        }
        catch (final IllegalStateException skipped)
        {
            r.r2 = 1;
        }
    }

    /**
     * Polls until it gets the record or 200 times.
     *
     * @param r r1: the bits the consumer saw.
     */
    @Actor
    public void consumer(final III_Result r)
    {
        final int[] bits = {0};
        for (int i = 0; i < 200 && bits[0] == 0; i++)
        {
            consumer.poll((typeId, buffer, index, length) -> bits[0] |= SlotRing.bitOf(buffer, index, length), 1);
        }
        r.r1 = bits[0];
    }

    /**
     * Drains what is left and unmaps the ring.
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
