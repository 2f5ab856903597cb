package io.ipcsync.core.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJJ_Result;

/**
 * A broadcast receiver copies a run of records and checks the tail intent once for the whole run:
 * when the transmitter overwrites the run's first record meanwhile, the whole run is thrown away
 * and reported as a lap; otherwise every record of it is delivered whole. Never a part of the run,
 * never a torn or new message in the place of an old one.
 */
@JCStressTest
@Description("A 1 KiB broadcast ring holds 7 records of 136 bytes (15 words each, every word of " +
    "message s equal to 1111111111111111111 + s); the receiver has read none. The transmitter offers " +
    "message 7, which pads the end and overwrites record 0, racing one poll of up to 7 messages. " +
    "Result: poll status, lost messages, messages delivered whole and in order, other messages delivered.")
@Outcome(id = "7, 0, 7, 0", expect = ACCEPTABLE,
    desc = "The run was copied before the overwrite: all seven delivered whole.")
@Outcome(id = "-3, 6, 0, 0", expect = ACCEPTABLE,
    desc = "Lapped; latest still named message 6: messages 0 to 5 are lost.")
@Outcome(id = "-3, 7, 0, 0", expect = ACCEPTABLE,
    desc = "Lapped; latest named message 7: messages 0 to 6 are lost.")
@Outcome(expect = FORBIDDEN, desc = "A part of the run, a torn or new message delivered, or a wrong loss count.")
@State
public class BroadcastRunLapTest
{
    private final BroadcastRing ring = new BroadcastRing();

    /**
     * Writes messages 0 to 6: 7 * 136 = 952 bytes of the 1024-byte ring.
     */
    public BroadcastRunLapTest()
    {
        ring.fillBeforeALap();
    }

    /**
     * Offers message 7: 72 bytes of padding at 952, the record at 0.
     */
    @Actor
    public void transmitter()
    {
        ring.offerLappingMessage();
    }

    /**
     * Polls for up to seven messages, counting those that are message {@code n} whole as the
     * {@code n}-th delivered, and any other.
     *
     * @param r status, lost messages, messages delivered whole and in order, other messages delivered.
     */
    @Actor
    public void receiver(final JJJJ_Result r)
    {
        final long[] counts = new long[2];
        r.r1 = ring.receiver.poll((typeId, buffer, index, length) ->
        {
            final long expected = Values.FIRST + counts[0] + counts[1];
            boolean whole = true;
            for (int offset = 0; offset < length; offset += Long.BYTES)
            {
                whole &= buffer.getLong(index + offset) == expected;
            }
            counts[whole ? 0 : 1]++;
        }, BroadcastRing.LAP_MESSAGES);
        r.r2 = ring.receiver.lostMessages();
        r.r3 = counts[0];
        r.r4 = counts[1];
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
