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
 * A padding record written over the header of a record a receiver is reading is seen as a lap,
 * never as padding to skip and never as corruption.
 */
@JCStressTest
@Description("A 1 KiB broadcast ring: messages 0 to 48 of 3 words (40-byte records, every word of " +
    "message s equal to 1111111111111111111 + s); the receiver has read 0 to 23 and stands at message " +
    "24, at index 960, exactly one ring behind the tail. The transmitter offers message 49 of 8 words: " +
    "it writes a 64-byte padding record over message 24's header, then the record at index 0, racing " +
    "one poll. Result: poll status, lost messages, first word seen, words unlike the first.")
@Outcome(id = "1, 0, 1111111111111111135, 0", expect = ACCEPTABLE,
    desc = "Message 24 was copied before the overwrite: delivered whole.")
@Outcome(id = "-3, 24, 0, 0", expect = ACCEPTABLE, desc = "Lapped; latest still named message 48.")
@Outcome(id = "-3, 25, 0, 0", expect = ACCEPTABLE, desc = "Lapped; latest named message 49.")
@Outcome(expect = FORBIDDEN, desc = "The padding skipped as if valid, a torn message, or a wrong loss count.")
@State
public class BroadcastPaddingOverwriteTest
{
    private final BroadcastRing ring = new BroadcastRing();

    /**
     * Writes messages 0 to 48 and reads 0 to 23.
     */
    public BroadcastPaddingOverwriteTest()
    {
        for (int seq = 0; seq < 49; seq++)
        {
            ring.offerWords(3, Values.FIRST + seq);
            if (seq < 24)
            {
                ring.pollOne();
            }
        }
    }

    /**
     * Offers message 49: padding at index 960, the record at index 0.
     */
    @Actor
    public void transmitter()
    {
        ring.offerWords(8, Values.NEWER);
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
