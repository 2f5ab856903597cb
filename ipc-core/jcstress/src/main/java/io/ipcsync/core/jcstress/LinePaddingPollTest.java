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
 * A record of up to a cache line that would leave too little of its line for the next record of
 * its length is followed by padding to the end of the line; the consumer skips the padding and
 * never takes it, or the line's stale bytes, for a message.
 */
@JCStressTest
@Description("On a fresh 1 KiB ring the producer offers two 32-byte messages (40-byte records): the first at 0, " +
    "then 24 bytes of padding to the end of the line, the second at 64. Racing one poll of up to 2. Result: poll " +
    "count, consumer position after the poll, the first long of each message read (0 if none).")
@Outcome(id = "0, 0, 0, 0", expect = ACCEPTABLE, desc = "The poll ran before the first message.")
@Outcome(id = "1, 40, 1111111111111111111, 0", expect = ACCEPTABLE, desc = "First message read, its padding not yet written.")
@Outcome(id = "1, 64, 1111111111111111111, 0", expect = ACCEPTABLE, desc = "First message read and its padding skipped.")
@Outcome(id = "2, 104, 1111111111111111111, 2222222222222222222", expect = ACCEPTABLE, desc = "Both read, the padding skipped.")
@Outcome(expect = FORBIDDEN, desc = "Padding read as a message, a torn message, or the second before the first.")
@State
public class LinePaddingPollTest
{
    private final SpscRing ring = new SpscRing();
    private final UnsafeBuffer source = new UnsafeBuffer(new byte[32]);

    /**
     * Creates a state over a fresh, empty ring.
     */
    public LinePaddingPollTest()
    {
    }

    /**
     * Offers the two messages.
     */
    @Actor
    public void producer()
    {
        source.putLong(0, Values.FIRST);
        source.putLong(24, Values.FIRST);
        ring.producer.offer(SpscRing.TYPE, source, 0, 32);
        source.putLong(0, Values.SECOND);
        source.putLong(24, Values.SECOND);
        ring.producer.offer(SpscRing.TYPE, source, 0, 32);
    }

    /**
     * Polls up to two messages; a torn one (first and last long differ) is recorded as -1.
     *
     * @param r poll count, consumer position, the first long of each message.
     */
    @Actor
    public void consumer(final JJJJ_Result r)
    {
        final long[] seen = new long[2];
        final int[] count = {0};
        r.r1 = ring.consumer.poll((typeId, buffer, index, length) ->
        {
            final long first = buffer.getLong(index);
            seen[count[0]++] = length == 32 && first == buffer.getLong(index + 24) ? first : -1;
        }, 2);
        r.r2 = ring.consumerPosition();
        r.r3 = seen[0];
        r.r4 = seen[1];
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
