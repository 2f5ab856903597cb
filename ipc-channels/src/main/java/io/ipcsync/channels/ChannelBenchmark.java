package io.ipcsync.channels;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.ipcsync.core.ChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The built-in benchmark: measures channel throughput and round-trip latency on the machine it
 * runs on, between two threads of this process through real channel files, and returns the
 * numbers. For a cross-process measurement and the comparison with other libraries, see the
 * {@code samples} demo and the {@code bench} module.
 *
 * <pre>{@code
 * ChannelBenchmark.Result result = ChannelBenchmark.run(ChannelBenchmark.Options.defaults());
 * System.out.println(result);
 * }</pre>
 */
public final class ChannelBenchmark
{
    private static final int LARGE = 1024;
    private static final int CACHE_LINE = 64;

    private ChannelBenchmark()
    {
    }

    /**
     * What to measure and for how long.
     *
     * @param directory  where the temporary channel files go (deleted afterwards).
     * @param duration   how long each throughput run lasts, after a warm-up of a third of it.
     * @param roundTrips how many round trips to sample, after a fifth as many to warm up.
     */
    public record Options(Path directory, Duration duration, int roundTrips)
    {
        /**
         * Checks the options.
         *
         * @param directory  where the temporary channel files go.
         * @param duration   each throughput run's length.
         * @param roundTrips the round trips to sample.
         */
        public Options
        {
            Objects.requireNonNull(directory, "directory");
            if (duration == null || duration.isNegative() || duration.isZero())
            {
                throw new IllegalArgumentException("duration must be positive, was " + duration);
            }
            if (roundTrips <= 0)
            {
                throw new IllegalArgumentException("roundTrips " + roundTrips + " must be positive");
            }
        }

        /**
         * Returns 2 s per throughput run, 500,000 round trips, the default channel directory.
         *
         * @return 2 s per throughput run, 500,000 round trips, the default channel directory.
         */
        public static Options defaults()
        {
            return new Options(ChannelDirectory.defaultDirectory(), Duration.ofSeconds(2), 500_000);
        }
    }

    /**
     * What was measured.
     *
     * @param smallMessagesPerSecond 8-byte messages per second, one thread to another.
     * @param largeMessagesPerSecond 1 KiB messages per second (the consumer reads every cache line).
     * @param largeBytesPerSecond    1 KiB message bytes per second.
     * @param roundTripNanos         round-trip latency percentiles of an 8-byte ping and echo.
     */
    public record Result(
        double smallMessagesPerSecond,
        double largeMessagesPerSecond,
        double largeBytesPerSecond,
        Percentiles roundTripNanos)
    {
        @Override
        public String toString()
        {
            return String.format(java.util.Locale.ROOT,
                "8 B: %.1f M msgs/s; 1 KiB: %.1f M msgs/s = %.2f GB/s; round trip: %s",
                smallMessagesPerSecond / 1e6, largeMessagesPerSecond / 1e6, largeBytesPerSecond / 1e9, roundTripNanos);
        }
    }

    /**
     * Latency percentiles in nanoseconds.
     *
     * @param samples how many round trips were sampled.
     * @param p50     median.
     * @param p99     99th percentile.
     * @param p999    99.9th percentile.
     * @param max     the slowest.
     */
    public record Percentiles(int samples, long p50, long p99, long p999, long max)
    {
        static Percentiles of(final long[] sorted)
        {
            return new Percentiles(sorted.length, at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999), sorted[sorted.length - 1]);
        }

        private static long at(final long[] sorted, final double fraction)
        {
            return sorted[(int)Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
        }

        @Override
        public String toString()
        {
            return "p50 " + p50 + " ns, p99 " + p99 + " ns, p99.9 " + p999 + " ns, max " + max + " ns (" + samples + " samples)";
        }
    }

    /**
     * Runs the benchmark: two throughput runs and a round-trip run, each with its own warm-up.
     *
     * @param options what to measure.
     * @return the measured numbers.
     * @throws InterruptedException if interrupted while waiting for the consumer thread.
     */
    public static Result run(final Options options) throws InterruptedException
    {
        final String prefix = "benchmark-" + UUID.randomUUID();
        final long nanos = options.duration().toNanos();
        final ChannelBuilder data = Channels.spsc(prefix + "-data").directory(options.directory()).capacity(4 << 20);
        final ChannelBuilder echo = Channels.spsc(prefix + "-echo").directory(options.directory()).capacity(64 << 10);
        try
        {
            throughput(data, false, nanos / 3);
            final double small = throughput(data, false, nanos);
            throughput(data, true, nanos / 3);
            final double large = throughput(data, true, nanos);
            roundTrips(data, echo, Math.max(1, options.roundTrips() / 5));
            final long[] samples = roundTrips(data, echo, options.roundTrips());
            Arrays.sort(samples);
            return new Result(small, large, large * LARGE, Percentiles.of(samples));
        }
        finally
        {
            data.delete();
            echo.delete();
        }
    }

    private static double throughput(final ChannelBuilder channel, final boolean large, final long nanos)
        throws InterruptedException
    {
        channel.delete();
        final long[] received = {0};
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final ChannelProducer producer = channel.producer();
        try
        {
            final Thread consumerThread = new Thread(() -> consume(channel, large, received, failure), "ipcsync-benchmark-consumer");
            consumerThread.start();
            final UnsafeBuffer message = new UnsafeBuffer(new byte[LARGE]);
            final long start = System.nanoTime();
            final long end = start + nanos;
            long sent = 0;
            do
            {
                for (int i = 0; i < 256; i++)
                {
                    if (large)
                    {
                        for (int offset = 0; offset < LARGE; offset += CACHE_LINE)
                        {
                            message.putLong(offset, sent);
                        }
                        if (producer.offer(1, message, 0, LARGE))
                        {
                            sent++;
                        }
                    }
                    else if (producer.offerLong(1, sent))
                    {
                        sent++;
                    }
                }
            }
            while (System.nanoTime() < end && failure.get() == null);
            producer.close();
            consumerThread.join();
            final long elapsed = System.nanoTime() - start;
            if (failure.get() != null)
            {
                throw new IllegalStateException("the benchmark's consumer failed", failure.get());
            }
            if (received[0] != sent)
            {
                throw new IllegalStateException("the consumer received " + received[0] + " of " + sent + " messages");
            }
            return sent * 1e9 / elapsed;
        }
        finally
        {
            producer.close(); // idempotent: closing early above is what ends the consumer
        }
    }

    private static void consume(
        final ChannelBuilder channel, final boolean large, final long[] received, final AtomicReference<Throwable> failure)
    {
        try (ChannelConsumer consumer = channel.consumer())
        {
            final MessageHandler handler = (type, buffer, index, length) ->
            {
                final long expected = received[0];
                if (buffer.getLong(index) != expected)
                {
                    throw new IllegalStateException("expected message " + expected + ", got " + buffer.getLong(index));
                }
                if (large)
                {
                    for (int offset = CACHE_LINE; offset < length; offset += CACHE_LINE)
                    {
                        if (buffer.getLong(index + offset) != expected)
                        {
                            throw new IllegalStateException("message " + expected + " is torn at byte " + offset);
                        }
                    }
                }
                received[0] = expected + 1;
            };
            while (consumer.poll(handler, 1024) >= 0)
            {
                Thread.onSpinWait();
            }
        }
        catch (final Throwable t)
        {
            failure.set(t);
        }
    }

    private static long[] roundTrips(final ChannelBuilder data, final ChannelBuilder echo, final int count)
        throws InterruptedException
    {
        data.delete();
        echo.delete();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final long[] samples = new long[count];
        final ChannelProducer pings = data.producer();
        try (ChannelConsumer echoes = echo.consumer())
        {
            final Thread echoThread = new Thread(() -> echo(data, echo, failure), "ipcsync-benchmark-echo");
            echoThread.start();
            final long[] echoed = {0};
            final MessageHandler onEcho = (type, buffer, index, length) -> echoed[0] = buffer.getLong(index);
            for (int i = 0; i < count; i++)
            {
                final long sentAt = System.nanoTime();
                while (!pings.offerLong(1, sentAt))
                {
                    Thread.onSpinWait();
                }
                int status;
                while ((status = echoes.poll(onEcho, 1)) == 0)
                {
                    Thread.onSpinWait();
                }
                if (status < 0 || echoed[0] != sentAt)
                {
                    throw new IllegalStateException("bad echo, status " + status, failure.get());
                }
                samples[i] = System.nanoTime() - sentAt;
            }
            pings.close();
            echoThread.join();
        }
        finally
        {
            pings.close();
        }
        return samples;
    }

    private static void echo(final ChannelBuilder data, final ChannelBuilder echo, final AtomicReference<Throwable> failure)
    {
        try (ChannelConsumer pings = data.consumer(); ChannelProducer replies = echo.producer())
        {
            final MessageHandler onPing = (type, buffer, index, length) ->
            {
                while (!replies.offerLong(1, buffer.getLong(index)))
                {
                    Thread.onSpinWait();
                }
            };
            while (pings.poll(onPing, 16) >= 0)
            {
                Thread.onSpinWait();
            }
        }
        catch (final Throwable t)
        {
            failure.set(t);
        }
    }
}
