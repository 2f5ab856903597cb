package io.ipcsync.channels;

import java.nio.file.Path;

/**
 * A consumer process for cross-process tests: {@code <directory> <name>} reads and verifies
 * pattern messages until the channel closes, printing "ready" once attached.
 */
public final class SpscChildConsumer
{
    private SpscChildConsumer()
    {
    }

    /**
     * @param args directory, channel name.
     */
    public static void main(final String[] args)
    {
        final MessagePattern pattern = MessagePattern.create();
        final long[] next = {0};
        try (ChannelConsumer consumer = Channels.spsc(args[1]).directory(Path.of(args[0])).consumer())
        {
            System.out.println("ready");
            System.out.flush();
            while (consumer.poll((type, buffer, index, length) ->
            {
                if (pattern.verify(buffer, index, length) != next[0]++)
                {
                    throw new AssertionError("out of order at " + (next[0] - 1));
                }
            }, 256) >= 0)
            {
                Thread.onSpinWait();
            }
        }
    }
}
