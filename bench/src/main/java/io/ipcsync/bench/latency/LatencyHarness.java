package io.ipcsync.bench.latency;

import io.ipcsync.bench.ChildJvm;
import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.LoopThreadHook;
import io.ipcsync.bench.ScratchDir;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Cross-process round-trip latency: this process is the ping side; it starts a second JVM running
 * {@link EchoServer} with the same class path, then times round trips through a
 * {@link PingPongTransport} and records them in an HdrHistogram.
 *
 * <p>One round trip: read {@code System.nanoTime()}, send a message carrying it, busy-spin until
 * the echo of that message comes back, read the clock again, check the echo carries the same
 * timestamp and sequence, record the difference. The next message goes as soon as the echo is in,
 * so there is exactly one message in flight and no coordinated omission to correct. Both sides
 * busy-spin without {@code Thread.onSpinWait()}: on a small VM a PAUSE loop invites the hypervisor
 * to take the core away.
 *
 * <p>After a handshake (the first echo), {@code --warmup} round trips are thrown away, then
 * {@code --round-trips} are recorded in {@code --rounds} equal rounds, each its own histogram.
 * Written into {@code --out}: {@code latency-<id>.hgrm} (percentile distribution of all rounds, in
 * microseconds, HdrHistogram's format) and {@code latency-<id>.hlog} (one interval histogram per
 * round, HdrHistogram's log format, in nanoseconds).
 *
 * <p>The measured loop runs on a thread from {@link #threadFactory(ThreadFactory)} and starts by
 * calling the configured {@link LoopThreadHook} with role {@code ping}; the echo side calls it with
 * role {@code echo}. That is where CPU pinning plugs in.
 *
 * <pre>
 * java [flags of the transport] -cp ipcsync-bench.jar io.ipcsync.bench.latency.LatencyHarness \
 *     --transport agrona|aeron|chronicle|ipcsync|line [--warmup 200000] [--round-trips 2000000] [--rounds 5] \
 *     [--size 32] [--out dir]
 * </pre>
 */
public final class LatencyHarness
{
    /** Highest latency the histograms track: 10 s. */
    static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(10);
    /** Significant digits of the histograms. */
    static final int SIGNIFICANT_DIGITS = 3;
    private static final long ECHO_START_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final int ALIVE_CHECK_MASK = (1 << 24) - 1;

    private static volatile ThreadFactory threadFactory = runnable -> new Thread(runnable, "ping");

    private final Options options;
    private final PingPongTransport transport;
    private final PrintStream log;

    /**
     * Creates a harness for one library.
     *
     * @param options   what to run.
     * @param transport the library.
     * @param log       where progress goes.
     */
    public LatencyHarness(final Options options, final PingPongTransport transport, final PrintStream log)
    {
        if (options.size < PingPongTransport.MIN_MESSAGE_LENGTH)
        {
            throw new IllegalArgumentException("--size " + options.size + " is below " + PingPongTransport.MIN_MESSAGE_LENGTH);
        }
        this.options = options;
        this.transport = transport;
        this.log = log;
    }

    /**
     * Sets the factory of the thread that runs the measured loop (default: a plain thread named {@code ping}).
     *
     * @param factory the factory, e.g. one that pins its threads.
     */
    public static void threadFactory(final ThreadFactory factory)
    {
        threadFactory = factory;
    }

    /**
     * Runs the ping side from the command line; see the class comment for the arguments.
     *
     * @param args the arguments.
     * @throws Exception if the run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final Options options = Options.parse(args);
        new LatencyHarness(options, Transports.byId(options.transport), System.out).run();
    }

    /**
     * Returns JVM flags for a ping or echo JVM of that library: heap plus the library's own flags.
     *
     * @param transport the library.
     * @return JVM flags for a ping or echo JVM of that library: heap plus the library's own flags.
     */
    public static List<String> jvmFlags(final PingPongTransport transport)
    {
        final List<String> flags = new ArrayList<>(JvmFlags.heap());
        flags.addAll(transport.jvmFlags());
        return flags;
    }

    /**
     * Runs the whole measurement and writes the histogram files.
     *
     * @return the histogram of each round.
     * @throws Exception if the echo process or the transport fails.
     */
    public List<Histogram> run() throws Exception
    {
        final Path dir = ScratchDir.create("latency-" + transport.id());
        AutoCloseable shared = null;
        Process echo = null;
        try
        {
            shared = transport.createShared(dir, options.size);
            final List<String> command = ChildJvm.command(EchoServer.class, jvmFlags(transport),
                List.of(transport.id(), dir.toString(), Integer.toString(options.size)));
            echo = new ProcessBuilder(command).inheritIO().start();
            final List<Histogram> rounds;
            try (PingPongTransport.Ping ping = transport.openPing(dir, options.size))
            {
                rounds = measureOnLoopThread(ping, echo);
            }
            if (!echo.waitFor(30, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("echo process did not exit after STOP");
            }
            if (echo.exitValue() != 0)
            {
                throw new IllegalStateException("echo process exited with " + echo.exitValue());
            }
            write(rounds);
            return rounds;
        }
        finally
        {
            if (echo != null && echo.isAlive())
            {
                echo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            if (shared != null)
            {
                shared.close();
            }
            ScratchDir.delete(dir);
        }
    }

    private List<Histogram> measureOnLoopThread(final PingPongTransport.Ping ping, final Process echo) throws Exception
    {
        final AtomicReference<List<Histogram>> result = new AtomicReference<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread = threadFactory.newThread(() ->
        {
            try
            {
                LoopThreadHook.configured().beforeLoop("ping");
                result.set(measure(ping, echo));
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        });
        thread.start();
        thread.join();
        if (failure.get() != null)
        {
            if (failure.get() instanceof Exception)
            {
                throw (Exception)failure.get();
            }
            throw new IllegalStateException(failure.get());
        }
        return result.get();
    }

    private List<Histogram> measure(final PingPongTransport.Ping ping, final Process echo)
    {
        final String name = "[latency " + transport.id() + "]";
        final long start = System.nanoTime();
        handshake(ping, echo);
        log.printf("%s echo process up after %.1f s; warm-up: %,d round trips%n", name, seconds(start), options.warmup);

        final Histogram discard = newHistogram();
        long sequence = 1;
        sequence = roundTrips(ping, echo, sequence, options.warmup, discard);

        final List<Histogram> rounds = new ArrayList<>();
        final long perRound = Math.max(1, options.roundTrips / options.rounds);
        for (int round = 1; round <= options.rounds; round++)
        {
            final Histogram histogram = newHistogram();
            histogram.setStartTimeStamp(System.currentTimeMillis());
            sequence = roundTrips(ping, echo, sequence, perRound, histogram);
            histogram.setEndTimeStamp(System.currentTimeMillis());
            rounds.add(histogram);
            log.printf("%s round %d/%d: %,d round trips, p50 %.2f us, p99 %.2f us, max %.1f us (elapsed %.1f s)%n",
                name, round, options.rounds, perRound,
                histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0,
                seconds(start));
        }

        while (!ping.send(System.nanoTime(), PingPongTransport.STOP))
        {
            checkAlive(echo);
        }
        return rounds;
    }

    /** Sends the first message until one comes back: the echo process may still be starting. */
    private void handshake(final PingPongTransport.Ping ping, final Process echo)
    {
        final long deadline = System.nanoTime() + ECHO_START_TIMEOUT_NS;
        final long timestamp = System.nanoTime();
        while (!ping.send(timestamp, 0))
        {
            checkAlive(echo);
            checkDeadline(deadline);
            Thread.onSpinWait();
        }
        while (!ping.receive())
        {
            checkAlive(echo);
            checkDeadline(deadline);
            Thread.onSpinWait();
        }
        checkEcho(ping, timestamp, 0);
    }

    private static long roundTrips(
        final PingPongTransport.Ping ping, final Process echo, final long firstSequence, final long count, final Histogram histogram)
    {
        final long end = firstSequence + count;
        for (long sequence = firstSequence; sequence < end; sequence++)
        {
            final long start = System.nanoTime();
            int spins = 0;
            while (!ping.send(start, sequence))
            {
                if ((++spins & ALIVE_CHECK_MASK) == 0)
                {
                    checkAlive(echo);
                }
            }
            while (!ping.receive())
            {
                if ((++spins & ALIVE_CHECK_MASK) == 0)
                {
                    checkAlive(echo);
                }
            }
            final long rtt = System.nanoTime() - start;
            checkEcho(ping, start, sequence);
            histogram.recordValue(Math.min(rtt, HIGHEST_TRACKABLE_NS));
        }
        return end;
    }

    private static void checkEcho(final PingPongTransport.Ping ping, final long timestamp, final long sequence)
    {
        if (ping.echoTimestamp() != timestamp || ping.echoSequence() != sequence)
        {
            throw new IllegalStateException("echo carries timestamp " + ping.echoTimestamp() + " sequence " + ping.echoSequence() +
                ", expected " + timestamp + " / " + sequence);
        }
    }

    private static void checkAlive(final Process echo)
    {
        if (!echo.isAlive())
        {
            throw new IllegalStateException("echo process exited with " + echo.exitValue());
        }
    }

    private static void checkDeadline(final long deadline)
    {
        if (System.nanoTime() > deadline)
        {
            throw new IllegalStateException("no echo within " + TimeUnit.NANOSECONDS.toSeconds(ECHO_START_TIMEOUT_NS) + " s");
        }
    }

    private static double seconds(final long startNanos)
    {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Returns an empty histogram with the harness's range and precision.
     *
     * @return an empty histogram with the harness's range and precision.
     */
    public static Histogram newHistogram()
    {
        return new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }

    private void write(final List<Histogram> rounds) throws IOException
    {
        Files.createDirectories(options.out);
        final Histogram total = newHistogram();
        rounds.forEach(total::add);
        try (PrintStream out = new PrintStream(Files.newOutputStream(hgrmFile(options.out, transport.id())), false, "UTF-8"))
        {
            total.outputPercentileDistribution(out, 1000.0);
        }
        try (PrintStream out = new PrintStream(Files.newOutputStream(hlogFile(options.out, transport.id())), false, "UTF-8"))
        {
            final HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment("ipcsync bench round-trip latency, transport " + transport.id() + ", " + options.size +
                "-byte messages, values in ns, one interval per round");
            writer.outputLogFormatVersion();
            writer.outputLegend();
            for (final Histogram round : rounds)
            {
                writer.outputIntervalHistogram(round);
            }
        }
    }

    /**
     * Returns where the percentile distribution of that transport goes.
     *
     * @param dir the output directory.
     * @param id  a transport id.
     * @return where the percentile distribution of that transport goes.
     */
    public static Path hgrmFile(final Path dir, final String id)
    {
        return dir.resolve("latency-" + id + ".hgrm");
    }

    /**
     * Returns where the per-round histogram log of that transport goes.
     *
     * @param dir the output directory.
     * @param id  a transport id.
     * @return where the per-round histogram log of that transport goes.
     */
    public static Path hlogFile(final Path dir, final String id)
    {
        return dir.resolve("latency-" + id + ".hlog");
    }

    /** What to run: the command-line arguments of {@link LatencyHarness}. */
    public static final class Options
    {
        /** Transport id. */
        public String transport = "agrona";
        /** Round trips thrown away before recording. */
        public long warmup = 200_000;
        /** Round trips recorded, over all rounds. */
        public long roundTrips = 2_000_000;
        /** Rounds the recorded round trips are split into. */
        public int rounds = 5;
        /** Message size in bytes. */
        public int size = 32;
        /** Output directory. */
        public Path out = Path.of(".");

        /** Creates the default options. */
        public Options()
        {
        }

        /**
         * Returns these options as command-line arguments.
         *
         * @return these options as command-line arguments.
         */
        public List<String> toArgs()
        {
            return List.of("--transport", transport, "--warmup", Long.toString(warmup), "--round-trips", Long.toString(roundTrips),
                "--rounds", Integer.toString(rounds), "--size", Integer.toString(size), "--out", out.toString());
        }

        /**
         * Parses command-line arguments.
         *
         * @param args command-line arguments.
         * @return the options they give.
         * @throws IllegalArgumentException on an unknown or incomplete argument.
         */
        public static Options parse(final String[] args)
        {
            final Options options = new Options();
            for (int i = 0; i < args.length; i++)
            {
                final String arg = args[i];
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                final String value = args[++i];
                switch (arg)
                {
                    case "--transport" -> options.transport = value;
                    case "--warmup" -> options.warmup = Long.parseLong(value);
                    case "--round-trips" -> options.roundTrips = Long.parseLong(value);
                    case "--rounds" -> options.rounds = Integer.parseInt(value);
                    case "--size" -> options.size = Integer.parseInt(value);
                    case "--out" -> options.out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown argument " + arg +
                        "; known: --transport " + Transports.ids() + ", --warmup, --round-trips, --rounds, --size, --out");
                }
            }
            return options;
        }
    }
}
