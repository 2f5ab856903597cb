package io.ipcsync.channels;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A producer process for cross-process tests: {@code <directory> <name> <count> <seed> <capacity>} sends
 * {@code count} pattern messages of random lengths (forever when count is negative), printing
 * "ready" once attached, then closes the channel.
 */
public final class SpscChildProducer
{
    private SpscChildProducer()
    {
    }

    /**
     * @param args directory, channel name, message count, random seed, ring capacity.
     */
    public static void main(final String[] args)
    {
        final Path directory = Path.of(args[0]);
        final long count = Long.parseLong(args[2]);
        final SplittableRandom random = new SplittableRandom(Long.parseLong(args[3]));
        final MessagePattern pattern = MessagePattern.create();
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MessagePattern.MAX_LENGTH]);
        try (ChannelProducer producer = Channels.spsc(args[1]).directory(directory).capacity(Integer.parseInt(args[4])).producer())
        {
            System.out.println("ready");
            System.out.flush();
            for (long seq = 0; count < 0 || seq < count; seq++)
            {
                final int length = MessagePattern.randomLength(random);
                final int index;
                if ((seq & 1) == 0)
                {
                    int claimed;
                    while ((claimed = producer.tryClaim((int)(seq & 0xFFFF), length)) < 0)
                    {
                        Thread.onSpinWait();
                    }
                    index = claimed;
                    pattern.write(producer.buffer(), index, seq, length);
                    producer.commit(index);
                }
                else
                {
                    pattern.write(scratch, 0, seq, length);
                    while (!producer.offer((int)(seq & 0xFFFF), scratch, 0, length))
                    {
                        Thread.onSpinWait();
                    }
                }
            }
        }
    }
}
