package io.ipcsync.samples;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.channels.MessageHandler;
import io.ipcsync.core.ChannelDirectory;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Two processes, one pipeline: this process sends 8-byte and 1 KiB messages to a second JVM it
 * starts, which checks every one; then the two play ping-pong to measure the round trip. Prints
 * throughput and latency percentiles as a table, in about half a minute.
 *
 * <p>Run it with {@code java -jar samples/target/ipcsync-samples.jar}; options:
 * {@code --seconds N} per throughput run (default 3), {@code --round-trips N} (default 1,000,000),
 * {@code --dir PATH} for the channel directory.
 */
public final class PipelineDemo
{
    static final int TYPE_SMALL = 1;
    static final int TYPE_LARGE = 2;
    static final int TYPE_PING = 3;
    static final int TYPE_END = 9;
    static final int LARGE = 1024;
    static final int CACHE_LINE = 64;

    private PipelineDemo()
    {
    }

    /**
     * Runs the sender, or with --receiver the receiver.
     *
     * @param args options, see the class description.
     * @throws Exception if the demo cannot run.
     */
    public static void main(final String[] args) throws Exception
    {
        double seconds = 3;
        int roundTrips = 1_000_000;
        Path directory = ChannelDirectory.defaultDirectory();
        String role = "sender";
        String prefix = "demo-" + ProcessHandle.current().pid();
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--round-trips" -> roundTrips = Integer.parseInt(args[++i]);
                case "--dir" -> directory = Path.of(args[++i]);
                case "--receiver" ->
                {
                    role = "receiver";
                    prefix = args[++i];
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] +
                    "; options: --seconds N, --round-trips N, --dir PATH");
            }
        }
        final ChannelBuilder data = Channels.spsc(prefix + "-data").directory(directory).capacity(4 << 20);
        final ChannelBuilder replies = Channels.spsc(prefix + "-replies").directory(directory).capacity(64 << 10);
        if (role.equals("receiver"))
        {
            Receiver.run(data, replies);
        }
        else
        {
            runSender(data, replies, directory, prefix, seconds, roundTrips);
        }
    }

    private static void runSender(
        final ChannelBuilder data,
        final ChannelBuilder replies,
        final Path directory,
        final String prefix,
        final double seconds,
        final int roundTrips) throws Exception
    {
        System.out.printf("ipcsync pipeline demo: this process (pid %d) sends, a second JVM receives, through %s%n",
            ProcessHandle.current().pid(), directory);
        final Process receiver = startReceiver(directory, prefix);
        final List<String[]> rows = new ArrayList<>();
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        try (ChannelProducer producer = data.producer(); ChannelConsumer consumer = replies.consumer())
        {
            System.out.printf("receiver started (pid %d)%n%n", receiver.pid());
            final long nanos = (long)(seconds * 1e9);
            final UnsafeBuffer large = new UnsafeBuffer(new byte[LARGE]);

            System.out.print("warming up ...");
            System.out.flush();
            throughput(producer, consumer, TYPE_SMALL, null, nanos / 3);
            throughput(producer, consumer, TYPE_LARGE, large, nanos / 3);
            pingPong(producer, consumer, roundTrips / 5, null);
            System.out.println(" done");

            System.out.print("measuring 8-byte messages ...");
            System.out.flush();
            rows.add(row("8 B", 8, throughput(producer, consumer, TYPE_SMALL, null, nanos)));
            System.out.println(" done");
            System.out.print("measuring 1 KiB messages ...");
            System.out.flush();
            rows.add(row("1 KiB", LARGE, throughput(producer, consumer, TYPE_LARGE, large, nanos)));
            System.out.println(" done");
            System.out.printf("measuring %,d round trips ...", roundTrips);
            System.out.flush();
            pingPong(producer, consumer, roundTrips, histogram);
            System.out.println(" done");
        }
        finally
        {
            if (!receiver.waitFor(10, TimeUnit.SECONDS))
            {
                receiver.destroyForcibly();
            }
            data.delete();
            replies.delete();
        }
        printTables(rows, histogram);
        if (receiver.exitValue() != 0)
        {
            throw new IllegalStateException("the receiver exited with status " + receiver.exitValue());
        }
    }

    private static Process startReceiver(final Path directory, final String prefix) throws Exception
    {
        final String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new ProcessBuilder(java, "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), PipelineDemo.class.getName(),
            "--receiver", prefix, "--dir", directory.toString())
            .inheritIO().start();
    }

    /**
     * Returns {count, nanos}: messages sent and the time until the receiver confirmed them all.
     *
     *  @return {count, nanos}: messages sent and the time until the receiver confirmed them all.
     */
    private static long[] throughput(
        final ChannelProducer producer,
        final ChannelConsumer consumer,
        final int type,
        final UnsafeBuffer message,
        final long nanos)
    {
        final long start = System.nanoTime();
        final long end = start + nanos;
        long count = 0;
        while (true)
        {
            for (int i = 0; i < 1024; i++)
            {
                final boolean sent = message == null ? producer.offerLong(type, count) : offerLarge(producer, message, count);
                if (sent)
                {
                    count++;
                }
            }
            if (System.nanoTime() >= end)
            {
                break;
            }
        }
        while (!producer.offerLong(TYPE_END, count))
        {
            Thread.onSpinWait();
        }
        final long[] confirmed = {-1};
        while (confirmed[0] < 0)
        {
            final int status = consumer.poll((t, buffer, index, length) -> confirmed[0] = buffer.getLong(index), 1);
            if (status < 0)
            {
                throw new IllegalStateException("the receiver went away (status " + status + ")");
            }
        }
        if (confirmed[0] != count)
        {
            throw new IllegalStateException("the receiver counted " + confirmed[0] + " messages, " + count + " were sent");
        }
        return new long[] {count, System.nanoTime() - start};
    }

    private static boolean offerLarge(final ChannelProducer producer, final UnsafeBuffer message, final long seq)
    {
        for (int offset = 0; offset < LARGE; offset += CACHE_LINE)
        {
            message.putLong(offset, seq); // the receiver checks every cache line of the message
        }
        return producer.offer(TYPE_LARGE, message, 0, LARGE);
    }

    private static void pingPong(
        final ChannelProducer producer, final ChannelConsumer consumer, final int roundTrips, final Histogram histogram)
    {
        final long[] echoed = {0};
        final MessageHandler onEcho = (type, buffer, index, length) -> echoed[0] = buffer.getLong(index);
        for (int i = 0; i < roundTrips; i++)
        {
            final long sentAt = System.nanoTime();
            while (!producer.offerLong(TYPE_PING, sentAt))
            {
                Thread.onSpinWait();
            }
            int status;
            while ((status = consumer.poll(onEcho, 1)) == 0)
            {
                Thread.onSpinWait();
            }
            if (status < 0 || echoed[0] != sentAt)
            {
                throw new IllegalStateException("bad echo: status " + status);
            }
            if (histogram != null)
            {
                histogram.recordValue(System.nanoTime() - sentAt);
            }
        }
    }

    private static String[] row(final String label, final int size, final long[] result)
    {
        final double secs = result[1] / 1e9;
        final double rate = result[0] / secs;
        return new String[] {label, String.format(Locale.ROOT, "%,d", result[0]), String.format(Locale.ROOT, "%.2f", secs),
            String.format(Locale.ROOT, "%.1f M", rate / 1e6), String.format(Locale.ROOT, "%,.0f", rate * size / 1e6)};
    }

    private static void printTables(final List<String[]> rows, final Histogram histogram)
    {
        System.out.println();
        System.out.println("Throughput, one producer thread to one consumer thread in another process");
        System.out.printf("  %-8s %16s %9s %12s %10s%n", "message", "messages", "seconds", "msgs/s", "MB/s");
        for (final String[] row : rows)
        {
            System.out.printf("  %-8s %16s %9s %12s %10s%n", (Object[])row);
        }
        System.out.println();
        System.out.printf("Round trip, 8-byte ping and echo between the two processes (%,d samples)%n",
            histogram.getTotalCount());
        System.out.printf("  %10s %10s %10s %10s %10s%n", "p50", "p90", "p99", "p99.9", "max");
        System.out.printf("  %10s %10s %10s %10s %10s%n", nanos(histogram.getValueAtPercentile(50)),
            nanos(histogram.getValueAtPercentile(90)), nanos(histogram.getValueAtPercentile(99)),
            nanos(histogram.getValueAtPercentile(99.9)), nanos(histogram.getMaxValue()));
    }

    private static String nanos(final long value)
    {
        return value < 10_000 ? value + " ns" : String.format(Locale.ROOT, "%.1f us", value / 1e3);
    }
}
