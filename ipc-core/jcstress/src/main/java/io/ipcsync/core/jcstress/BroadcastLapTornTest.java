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
 * A broadcast receiver copying a record while the transmitter overwrites it either delivers the
 * old message whole or reports a lap; it never hands over a mix of the two.
 */
@JCStressTest
@Description("A 1 KiB broadcast ring holds 7 records of 136 bytes (15 words each, every word of " +
    "message s equal to 1111111111111111111 + s); the receiver has read none. The transmitter offers " +
    "message 7 (15 words of 3333333333333333333), which pads the end and overwrites record 0, racing " +
    "one poll of one message. Result: poll status, lost messages, first word seen, words unlike the first.")
@Outcome(id = "1, 0, 1111111111111111111, 0", expect = ACCEPTABLE,
    desc = "The copy of message 0 was made before the overwrite: delivered whole.")
@Outcome(id = "-3, 6, 0, 0", expect = ACCEPTABLE,
    desc = "Lapped; latest still named message 6: messages 0 to 5 are lost.")
@Outcome(id = "-3, 7, 0, 0", expect = ACCEPTABLE,
    desc = "Lapped; latest named message 7: messages 0 to 6 are lost.")
@Outcome(expect = FORBIDDEN, desc = "A torn or new message delivered as message 0, or a wrong loss count.")
@State
public class BroadcastLapTornTest
{
    private final BroadcastRing ring = new BroadcastRing();

    /**
     * Writes messages 0 to 6: 7 * 136 = 952 bytes of the 1024-byte ring.
     */
    public BroadcastLapTornTest()
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
     * Polls for one message.
     *
     * @param r status, lost messages, first word, words unlike the first.
     */
    @Actor
    public void receiver(final JJJJ_Result r)
    {
        final long[] words = new long[2];
        r.r1 = ring.receiver.poll(BroadcastRing.wordChecker(words), 1);
        r.r2 = ring.receiver.lostMessages();
        r.r3 = words[0];
        r.r4 = words[1];
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
