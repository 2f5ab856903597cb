package io.ipcsync.channels;

import io.ipcsync.core.ChannelFileException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Child JVM of {@link PidNamespaceTest}, started in a pid namespace of its own. {@code consume}:
 * opens the consumer of an SPSC channel the test created, and prints {@code refused: <message>}
 * or what it then saw. {@code produce}: creates the channel with its producer, sends one
 * message, prints {@code ready}, and keeps it until its stdin closes.
 *
 * <p>Arguments: {@code consume|produce}, directory, channel name.
 */
public final class OtherPidNamespaceChild
{
    private OtherPidNamespaceChild()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final ChannelBuilder channel = Channels.spsc(args[2]).directory(Path.of(args[1]));
        try
        {
            if (args[0].equals("produce"))
            {
                try (ChannelProducer producer = channel.capacity(1 << 16).producer())
                {
                    System.out.println(producer.offerLong(1, 1) ? "ready" : "the new ring is full");
                    System.out.flush();
                    System.in.transferTo(OutputStream.nullOutputStream()); // until the test closes our stdin
                }
                return;
            }
            try (ChannelConsumer consumer = channel.consumer())
            {
                final long deadline = System.nanoTime() + 2_000_000_000L;
                long received = 0;
                while (System.nanoTime() < deadline)
                {
                    final int status = consumer.poll((type, buffer, index, length) -> { }, 256);
                    if (status < 0)
                    {
                        System.out.println("opened, status " + status + " after " + received + " messages");
                        return;
                    }
                    received += status;
                }
                System.out.println("opened, received " + received + " messages");
            }
        }
        catch (final ChannelFileException ex)
        {
            System.out.println("refused: " + ex.getMessage());
        }
    }
}
