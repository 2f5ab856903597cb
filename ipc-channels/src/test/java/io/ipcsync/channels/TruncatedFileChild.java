package io.ipcsync.channels;

import io.ipcsync.core.ChannelFileException;
import io.ipcsync.core.ChannelMode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;

/**
 * Child JVM of {@link TruncatedFileTest}: opens both sides of a channel, exchanges messages, has
 * the file truncated under it (as another program could), then goes on using and closing the
 * channel, reopens the file, deletes it and starts a new channel. Prints one line per step; the
 * test reads them, and the JVM's exit code says whether it survived.
 *
 * <p>Arguments: directory, mode ({@link ChannelMode} name), the length to truncate the file to.
 */
public final class TruncatedFileChild
{
    /** What {@link #outcome} prints for the {@code InternalError} of an access to a page that is gone. */
    static final String MEMORY_FAULT = "memory fault";
    private static final String NAME = "truncated";

    private TruncatedFileChild()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path directory = Path.of(args[0]);
        final ChannelMode mode = ChannelMode.valueOf(args[1]);
        final long truncatedLength = Long.parseLong(args[2]);
        final ChannelBuilder channel = builder(mode).directory(directory).capacity(1 << 16);
        final ChannelProducer producer = channel.producer();
        final ChannelConsumer consumer = channel.consumer();
        final long exchanged = exchange(producer, consumer, 1_000);
        System.out.println("exchanged " + exchanged);

        try (FileChannel file = FileChannel.open(channel.path(), StandardOpenOption.WRITE))
        {
            file.truncate(truncatedLength);
        }
        System.out.println("offer: " + outcome(() -> producer.offerLong(1, 1)));
        System.out.println("poll: " + outcome(() -> consumer.poll((type, buffer, index, length) -> { }, 16)));
        System.out.println("close producer: " + outcome(() -> { producer.close(); return "closed"; }));
        System.out.println("close consumer: " + outcome(() -> { consumer.close(); return "closed"; }));
        System.out.println("still mapped: " + Files.readString(Path.of("/proc/self/maps")).contains(channel.path().toString()));

        System.out.println("reopen: " + outcome(() -> { channel.consumer().close(); return "opened"; }));
        Files.delete(channel.path());
        try (ChannelProducer newProducer = channel.producer(); ChannelConsumer newConsumer = channel.consumer())
        {
            System.out.println("recreated, exchanged " + exchange(newProducer, newConsumer, 10));
        }
        System.out.println("survived");
    }

    private static ChannelBuilder builder(final ChannelMode mode)
    {
        return switch (mode)
        {
            case SPSC -> Channels.spsc(NAME);
            case MPSC -> Channels.mpsc(NAME);
            case SPMC -> Channels.spmc(NAME);
            case MPMC -> Channels.mpmc(NAME);
            case BROADCAST -> Channels.broadcast(NAME);
        };
    }

    /** Sends and receives {@code count} messages, one at a time; returns how many arrived. */
    private static long exchange(final ChannelProducer producer, final ChannelConsumer consumer, final int count)
    {
        final long[] received = {0};
        for (int i = 0; i < count; i++)
        {
            if (!producer.offerLong(1, i))
            {
                throw new IllegalStateException("offer " + i + " refused");
            }
            if (consumer.poll((type, buffer, index, length) -> received[0]++, 16) != 1)
            {
                throw new IllegalStateException("message " + i + " did not arrive");
            }
        }
        return received[0];
    }

    /** What a step returned, or the class and message of what it threw. */
    private static String outcome(final Callable<?> step)
    {
        try
        {
            return "returned " + step.call();
        }
        catch (final ChannelFileException ex)
        {
            return "ChannelFileException: " + ex.getMessage();
        }
        catch (final InternalError ex)
        {
            // HotSpot's words for a SIGBUS it caught: "a fault occurred in [a recent|an] unsafe memory access operation"
            return ex.getMessage() != null && ex.getMessage().contains("unsafe memory access") ? MEMORY_FAULT : ex.toString();
        }
        catch (final Throwable ex)
        {
            return ex.getClass().getName() + ": " + ex.getMessage();
        }
    }
}
