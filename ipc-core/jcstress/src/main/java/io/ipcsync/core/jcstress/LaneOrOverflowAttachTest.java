package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ring.MpscLaneConsumer;
import io.ipcsync.core.ring.MpscRingProducer;
import io.ipcsync.core.ring.SpscRingProducer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two producers attach to an MPSC channel with one lane at once, as {@code ChannelBuilder} does:
 * a free lane if there is one, else the overflow ring. One gets the lane, the other the overflow
 * ring, and both messages arrive whole.
 */
@JCStressTest
@Description("Two producers each take the free lane of a 1-lane MPSC channel or, finding it held, the overflow " +
    "ring, and offerLong; then the consumer drains. Result: which ring each took (1 lane, 2 overflow), the sum of " +
    "the types that arrived whole (3 = both) and how many arrived.")
@Outcome(id = {"1, 2, 3, 2", "2, 1, 3, 2"}, expect = ACCEPTABLE, desc = "One took the lane, one the overflow ring; both whole.")
@Outcome(expect = FORBIDDEN, desc = "Both took the lane, or a message was lost or torn.")
@State
public class LaneOrOverflowAttachTest
{
    private static final long LIVENESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int LANE = 1;
    private static final int OVERFLOW = 2;

    private final ChannelFile file = UnlinkedChannelFile.create(new ChannelLayout(ChannelMode.MPSC, 1024, 128, 1));
    private final MpscLaneConsumer consumer = new MpscLaneConsumer(file, LIVENESS_INTERVAL_NANOS, LIVENESS_INTERVAL_NANOS);
    private int ring1;
    private int ring2;

    /**
     * Creates a state over a fresh, empty channel.
     */
    public LaneOrOverflowAttachTest()
    {
    }

    /**
     * The first producer.
     */
    @Actor
    public void producer1()
    {
        ring1 = attachAndSend(1, Values.FIRST);
    }

    /**
     * The second producer.
     */
    @Actor
    public void producer2()
    {
        ring2 = attachAndSend(2, Values.NEWER);
    }

    private int attachAndSend(final int typeId, final long value)
    {
        final SpscRingProducer lane = SpscRingProducer.onFreeLane(file, LIVENESS_INTERVAL_NANOS);
        if (lane != null)
        {
            lane.offerLong(typeId, value);
            return LANE;
        }
        new MpscRingProducer(file, LIVENESS_INTERVAL_NANOS).offerLong(typeId, value);
        return OVERFLOW;
    }

    /**
     * Drains and unmaps the channel.
     *
     * @param r what arrived.
     */
    @Arbiter
    public void arbiter(final IIII_Result r)
    {
        final int[] wholeTypes = {0};
        final int[] count = {0};
        int polled;
        do
        {
            polled = consumer.poll((typeId, buffer, index, length) ->
            {
                final long expected = typeId == 1 ? Values.FIRST : Values.NEWER;
                if (length == 8 && buffer.getLong(index) == expected)
                {
                    wholeTypes[0] += typeId;
                }
                count[0]++;
            }, 16);
        }
        while (polled > 0);
        r.r1 = ring1;
        r.r2 = ring2;
        r.r3 = wholeTypes[0];
        r.r4 = count[0];
        file.close();
    }
}
