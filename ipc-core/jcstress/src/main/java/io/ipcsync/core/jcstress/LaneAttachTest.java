package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ring.MpscLaneConsumer;
import io.ipcsync.core.ring.SpscRingProducer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two producers attach to an MPSC channel with two lanes at once and each sends a message: each
 * takes a lane of its own, so both messages arrive whole.
 */
@JCStressTest
@Description("Two producers each attach to a free lane of a 2-lane MPSC channel and offerLong; then the consumer " +
    "drains. Result: the type of the 1st and 2nd message (9 = torn or not attached), and how many arrived.")
@Outcome(id = {"1, 2, 2", "2, 1, 2"}, expect = ACCEPTABLE, desc = "Each took a lane; both messages whole.")
@Outcome(expect = FORBIDDEN, desc = "Both took the same lane, or one found no lane free.")
@State
public class LaneAttachTest
{
    private static final long LIVENESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int TORN = 9;

    private final ChannelFile file = UnlinkedChannelFile.create(new ChannelLayout(ChannelMode.MPSC, 1024, 128, 2));
    private final MpscLaneConsumer consumer = new MpscLaneConsumer(file, LIVENESS_INTERVAL_NANOS, LIVENESS_INTERVAL_NANOS);
    private SpscRingProducer producer1;
    private SpscRingProducer producer2;

    /**
     * Creates a state over a fresh, empty channel.
     */
    public LaneAttachTest()
    {
    }

    /**
     * The first producer.
     */
    @Actor
    public void producer1()
    {
        producer1 = SpscRingProducer.onFreeLane(file, LIVENESS_INTERVAL_NANOS);
        if (producer1 != null) // null: no lane was free
        {
            producer1.offerLong(1, Values.FIRST);
        }
    }

    /**
     * The second producer.
     */
    @Actor
    public void producer2()
    {
        producer2 = SpscRingProducer.onFreeLane(file, LIVENESS_INTERVAL_NANOS);
        if (producer2 != null) // null: no lane was free
        {
            producer2.offerLong(2, Values.NEWER);
        }
    }

    /**
     * Drains and unmaps the channel.
     *
     * @param r what arrived.
     */
    @Arbiter
    public void arbiter(final III_Result r)
    {
        final int[] seen = {TORN, TORN};
        final int[] count = {0};
        consumer.poll((typeId, buffer, index, length) ->
        {
            final long expected = typeId == 1 ? Values.FIRST : Values.NEWER;
            if (count[0] < 2)
            {
                seen[count[0]] = length == 8 && buffer.getLong(index) == expected ? typeId : TORN;
            }
            count[0]++;
        }, 16);
        r.r1 = seen[0];
        r.r2 = seen[1];
        r.r3 = count[0];
        file.close();
    }
}
