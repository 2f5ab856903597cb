package io.ipcsync.channels;

import java.nio.file.Path;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * One producer process of an MPSC channel: {@code <directory> <name> <id> <count> <capacity> [lanes]} sends
 * {@code count} checksummed pattern messages of 16 to 64 bytes with type {@code id}, half by
 * {@code offer} and half by {@code tryClaim}, printing "ready" once attached, then closes.
 */
public final class MpscChildProducer
{
    private MpscChildProducer()
    {
    }

    /**
     * Main.
     *
     * @param args directory, channel name, producer id, message count, ring capacity, and lanes (default 0).
     */
    public static void main(final String[] args)
    {
        final int id = Integer.parseInt(args[2]);
        final long count = Long.parseLong(args[3]);
        final SplittableRandom random = new SplittableRandom(id);
        final MessagePattern pattern = MessagePattern.create();
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);
        try (ChannelProducer producer = Channels.mpsc(args[1]).directory(Path.of(args[0]))
            .capacity(Integer.parseInt(args[4])).lanes(args.length > 5 ? Integer.parseInt(args[5]) : 0).producer())
        {
            System.out.println("ready");
            System.out.flush();
            for (long seq = 0; seq < count; seq++)
            {
                final int length = 16 + random.nextInt(49);
                if ((seq & 1) == 0)
                {
                    int index;
                    while ((index = producer.tryClaim(id, length)) < 0)
                    {
                        Thread.yield();
                    }
                    pattern.write(producer.buffer(), index, seq, length);
                    producer.commit(index);
                }
                else
                {
                    pattern.write(scratch, 0, seq, length);
                    while (!producer.offer(id, scratch, 0, length))
                    {
                        Thread.yield();
                    }
                }
            }
        }
    }
}
