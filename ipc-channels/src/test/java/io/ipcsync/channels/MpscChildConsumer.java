package io.ipcsync.channels;

import java.nio.file.Path;

/**
 * The consumer process of an MPSC channel: {@code <directory> <name> <capacity>} reads messages
 * until the channel closes, printing "ready" once attached.
 */
public final class MpscChildConsumer
{
    private MpscChildConsumer()
    {
    }

    /**
     * Main.
     *
     * @param args directory, channel name, ring capacity.
     */
    public static void main(final String[] args)
    {
        try (ChannelConsumer consumer = Channels.mpsc(args[1]).directory(Path.of(args[0]))
            .capacity(Integer.parseInt(args[2])).consumer())
        {
            System.out.println("ready");
            System.out.flush();
            while (consumer.poll((type, buffer, index, length) -> { }, 256) >= 0)
            {
                Thread.onSpinWait();
            }
        }
    }
}
