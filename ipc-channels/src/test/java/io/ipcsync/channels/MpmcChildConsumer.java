package io.ipcsync.channels;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A consumer process of an SPMC or MPMC channel:
 * {@code <directory> <name> <mode> <resultFile> <producers> <perProducer> [holdAt]} verifies every pattern
 * message and the order of each producer's messages, and counts each message in its result file,
 * one byte per (producer, sequence), mapped so that the counts survive a SIGKILL. The byte is
 * counted when the handler starts, so a message this process was handed is counted even if it is
 * killed before the handler returns. Prints "ready" once attached and exits when the channel
 * closes (status 3 on a wrong message). With {@code holdAt}, the handler of its message number
 * {@code holdAt} counts it, prints "holding" and waits to be killed.
 */
public final class MpmcChildConsumer
{
    private MpmcChildConsumer()
    {
    }

    /**
     * @param args directory, channel name, mode, result file, producer count, messages per producer, and
     *             optionally the number of the message to hold until killed.
     * @throws IOException if the result file cannot be mapped.
     */
    public static void main(final String[] args) throws IOException
    {
        final int producers = Integer.parseInt(args[4]);
        final int perProducer = Integer.parseInt(args[5]);
        final long holdAt = args.length > 6 ? Long.parseLong(args[6]) : -1;
        final long[] handled = {0};
        final long[] last = new long[producers];
        java.util.Arrays.fill(last, -1);
        final MessagePattern pattern = MessagePattern.create();
        final UnsafeBuffer result;
        try (FileChannel channel = FileChannel.open(Path.of(args[3]), StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            result = new UnsafeBuffer(channel.map(FileChannel.MapMode.READ_WRITE, 0, (long)producers * perProducer));
        }
        int status;
        try (ChannelConsumer consumer = MpmcChildProducer.builder(args[0], args[1], args[2])
            .livenessInterval(Duration.ofMillis(20)).consumer())
        {
            System.out.println("ready");
            System.out.flush();
            final MessageHandler handler = (type, buffer, index, length) ->
            {
                final long seq = buffer.getLong(index);
                result.putByteVolatile(type * perProducer + (int)seq, (byte)(result.getByte(type * perProducer + (int)seq) + 1));
                if (pattern.verify(buffer, index, length) != seq || seq <= last[type])
                {
                    // escapes poll and main: the child exits non-zero and the parent's check fails
                    throw new IllegalStateException("producer " + type + ": message " + seq + " after " + last[type]);
                }
                last[type] = seq;
                if (handled[0]++ == holdAt)
                {
                    System.out.println("holding");
                    System.out.flush();
                    sleepForever();
                }
            };
            while ((status = consumer.poll(handler, 64)) >= 0)
            {
                if (status == 0)
                {
                    Thread.yield();
                }
            }
        }
        IoUtil.unmap(result.byteBuffer());
        System.out.println("status " + status);
    }

    private static void sleepForever()
    {
        try
        {
            Thread.sleep(Long.MAX_VALUE);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
