package io.ipcsync.channels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;

import io.ipcsync.core.ChannelMode;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A producer process of an SPMC or MPMC channel: {@code <directory> <name> <mode> <producerId> <count>}
 * sends {@code count} pattern messages of random lengths with the producer id as their type,
 * half by offer and half by tryClaim/commit, printing "ready" once attached and starting when a
 * line comes on stdin (so that every producer is attached before any closes), then closes.
 */
public final class MpmcChildProducer
{
    private MpmcChildProducer()
    {
    }

    /**
     * @param args directory, channel name, mode (SPMC or MPMC), producer id, message count.
     * @throws IOException if stdin fails.
     */
    public static void main(final String[] args) throws IOException
    {
        final int producerId = Integer.parseInt(args[3]);
        final long count = Long.parseLong(args[4]);
        final SplittableRandom random = new SplittableRandom(producerId);
        final MessagePattern pattern = MessagePattern.create();
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MessagePattern.MAX_LENGTH]);
        try (ChannelProducer producer = builder(args[0], args[1], args[2]).producer())
        {
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            for (long seq = 0; seq < count; seq++)
            {
                final int length = Math.min(MessagePattern.randomLength(random), producer.maxMessageLength());
                if ((seq & 1) == 0)
                {
                    int index;
                    while ((index = producer.tryClaim(producerId, length)) < 0)
                    {
                        Thread.yield();
                    }
                    pattern.write(producer.buffer(), index, seq, length);
                    producer.commit(index);
                }
                else
                {
                    pattern.write(scratch, 0, seq, length);
                    while (!producer.offer(producerId, scratch, 0, length))
                    {
                        Thread.yield();
                    }
                }
            }
        }
    }

    static ChannelBuilder builder(final String directory, final String name, final String mode)
    {
        return (ChannelMode.valueOf(mode) == ChannelMode.SPMC ? Channels.spmc(name) : Channels.mpmc(name))
            .directory(Path.of(directory));
    }
}
