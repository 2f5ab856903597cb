package io.ipcsync.channels;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A broadcast producer process: {@code <directory> <name> <capacity> <count> <seed> <pacing file>
 * <paced slots> <window>} waits until every slot of the pacing file has joined, sends {@code count}
 * pattern messages of random lengths up to 1 KiB (never more than {@code window} ahead of the
 * slowest of the first {@code paced slots}: test-only pacing), then closes the channel. Each
 * message carries its channel sequence, so a producer that takes the place of a dead one goes on
 * from the sequence the channel gives it.
 */
public final class BroadcastChildProducer
{
    /** Longest message sent. */
    static final int MAX_LENGTH = 1024;

    private BroadcastChildProducer()
    {
    }

    /**
     * @param args directory, channel name, capacity, message count, random seed, pacing file, paced slots, window.
     */
    public static void main(final String[] args)
    {
        final long count = Long.parseLong(args[3]);
        final SplittableRandom random = new SplittableRandom(Long.parseLong(args[4]));
        final int paced = Integer.parseInt(args[6]);
        final long window = Long.parseLong(args[7]);
        final MessagePattern pattern = MessagePattern.create();
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_LENGTH]);
        try (SequenceSlots pacing = SequenceSlots.open(Path.of(args[5]));
             ChannelProducer producer = Channels.broadcast(args[1]).directory(Path.of(args[0]))
                 .capacity(Integer.parseInt(args[2])).producer())
        {
            while (pacing.slowest(pacing.count()) == SequenceSlots.ABSENT)
            {
                Thread.yield(); // every subscriber joins before the first message
            }
            final long first = ((BroadcastProducer)producer).nextSequence();
            long allowed = 0;
            for (long seq = first; seq < first + count; seq++)
            {
                while (seq >= allowed)
                {
                    final long slowest = pacing.slowest(paced);
                    allowed = slowest == SequenceSlots.GONE ? Long.MAX_VALUE : slowest + window;
                    if (seq >= allowed)
                    {
                        Thread.yield();
                    }
                }
                final int length = Math.min(MAX_LENGTH, MessagePattern.randomLength(random));
                final int type = (int)(seq & 0xFFFF);
                if ((seq & 1) == 0)
                {
                    final int index = producer.tryClaim(type, length);
                    pattern.write(producer.buffer(), index, seq, length);
                    producer.commit(index);
                }
                else
                {
                    pattern.write(scratch, 0, seq, length);
                    producer.offer(type, scratch, 0, length);
                }
            }
        }
    }
}
