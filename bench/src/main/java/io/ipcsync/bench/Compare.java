package io.ipcsync.bench;

import io.ipcsync.bench.latency.LatencyHarness;
import io.ipcsync.bench.latency.PingPongTransport;
import io.ipcsync.bench.latency.Transports;
import io.ipcsync.bench.report.LatencyPlot;
import io.ipcsync.bench.report.LatencyRow;
import io.ipcsync.bench.report.Library;
import io.ipcsync.bench.report.ResultsMarkdown;
import io.ipcsync.bench.report.RunInfo;
import io.ipcsync.bench.report.ThroughputRow;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The whole comparison in one command: the JMH throughput benchmarks of every library, then the
 * cross-process latency harness of every library that has one, then the reports.
 *
 * <pre>
 * java -jar bench/target/ipcsync-bench.jar [--smoke | --short | --full] [--only agrona,ipcsync,...]
 *     [--skip-jmh] [--skip-latency] [--out bench-results] [--ignore-lock]
 * </pre>
 *
 * Exits with 1 when a benchmark or a latency run produced no result (the reports say which).
 * Writes {@code <out>/<timestamp>/}: {@code results.md}, {@code latency.html},
 * {@code jmh-results.json}, {@code jmh.log}, {@code latency-<library>.hgrm} and {@code .hlog}.
 * The JMH runner itself stays reachable: {@code java -cp ipcsync-bench.jar org.openjdk.jmh.Main}.
 */
public final class Compare
{
    private static final DateTimeFormatter DIR_NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss", Locale.ROOT);

    /** How long a run takes: JMH forks and iterations, latency round trips. */
    enum Profile
    {
        /** Each benchmark for about a second: proves everything runs. */
        SMOKE(1, 1, 500, 3, 300, 20_000, 200_000, 2, 3),
        /** About five minutes on 2 cores. */
        SHORT(1, 2, 1000, 4, 1000, 200_000, 1_000_000, 5, 5),
        /** The JMH defaults of the benchmark classes; takes about half an hour. */
        FULL(2, 5, 2000, 10, 2000, 1_000_000, 10_000_000, 10, 30);

        final int forks;
        final int warmupIterations;
        final int warmupMillis;
        final int measurementIterations;
        final int measurementMillis;
        final long latencyWarmup;
        final long latencyRoundTrips;
        final int latencyRounds;
        final int latencyTimeoutMinutes;

        Profile(final int forks, final int warmupIterations, final int warmupMillis, final int measurementIterations,
            final int measurementMillis, final long latencyWarmup, final long latencyRoundTrips, final int latencyRounds,
            final int latencyTimeoutMinutes)
        {
            this.forks = forks;
            this.warmupIterations = warmupIterations;
            this.warmupMillis = warmupMillis;
            this.measurementIterations = measurementIterations;
            this.measurementMillis = measurementMillis;
            this.latencyWarmup = latencyWarmup;
            this.latencyRoundTrips = latencyRoundTrips;
            this.latencyRounds = latencyRounds;
            this.latencyTimeoutMinutes = latencyTimeoutMinutes;
        }

        /** Planned seconds of one benchmark run, with about 4 s per fork to start a JVM with a touched 1 GB heap. */
        double secondsPerBenchmark()
        {
            return forks * ((warmupIterations * warmupMillis + measurementIterations * measurementMillis) / 1000.0 + 4);
        }

        String jmhSettings()
        {
            return String.format(Locale.ROOT, "%d fork(s), %d warm-up × %d ms, %d measured rounds × %d ms per benchmark, GC profiler on",
                forks, warmupIterations, warmupMillis, measurementIterations, measurementMillis);
        }
    }

    private final PrintStream console = System.out;
    private final long startNanos = System.nanoTime();
    private Profile profile = Profile.FULL;
    private Path out = Path.of("bench-results");
    private final Set<Library> libraries = EnumSet.allOf(Library.class);
    private boolean runJmh = true;
    private boolean runLatency = true;
    private boolean runPinned = true;
    private int latencySize = 32;
    private final List<String> notes = new ArrayList<>();
    private Path replot;

    private Compare()
    {
    }

    /**
     * Runs the comparison.
     *
     * @param args see the class comment; {@code --help} lists them.
     * @throws Exception if the reports cannot be written.
     */
    public static void main(final String[] args) throws Exception
    {
        final Compare compare = new Compare();
        if (!compare.parse(args))
        {
            return;
        }
        if (compare.replot != null)
        {
            compare.replot(compare.replot);
            return;
        }
        if (!compare.run())
        {
            System.exit(1);
        }
    }

    /** Redraws {@code latency.html} of an earlier run from its histogram logs. */
    private void replot(final Path dir) throws IOException
    {
        final List<LatencyRow> rows = new ArrayList<>();
        for (final Library library : libraries)
        {
            final Path hlog = LatencyHarness.hlogFile(dir, library.id());
            if (library.hasLatency() && Files.exists(hlog))
            {
                rows.add(LatencyRow.of(library, readRounds(hlog)));
            }
        }
        if (rows.isEmpty())
        {
            throw new IllegalArgumentException("no latency-*.hlog files in " + dir);
        }
        final RunInfo info = new RunInfo("earlier", dir.getFileName().toString(), "redrawn from " + dir.toAbsolutePath(), "",
            "", String.format(Locale.ROOT, "%,d round trips per library", rows.get(0).total().getTotalCount()), List.of());
        Files.writeString(dir.resolve("latency.html"), LatencyPlot.render(info, rows, latencySize), StandardCharsets.UTF_8);
        console.println("Wrote " + dir.resolve("latency.html").toAbsolutePath());
    }

    private boolean parse(final String[] args)
    {
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--smoke" -> profile = Profile.SMOKE;
                case "--short" -> profile = Profile.SHORT;
                case "--full" -> profile = Profile.FULL;
                case "--skip-jmh" -> runJmh = false;
                case "--skip-latency" -> runLatency = false;
                case "--no-pinned" -> runPinned = false;
                case "--ignore-lock" -> System.setProperty("jmh.ignoreLock", "true");
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--replot" -> replot = Path.of(value(args, ++i, "--replot"));
                case "--latency-size" -> latencySize = Integer.parseInt(value(args, ++i, "--latency-size"));
                case "--only" ->
                {
                    libraries.clear();
                    for (final String id : value(args, ++i, "--only").split(","))
                    {
                        libraries.add(Library.byId(id.trim()));
                    }
                }
                case "--help", "-h" ->
                {
                    console.println("""
                        usage: java -jar ipcsync-bench.jar [--smoke | --short | --full] [--only ids] [--skip-jmh] [--skip-latency]
                                                           [--no-pinned] [--latency-size bytes] [--out dir] [--ignore-lock] [--replot dir]
                          --smoke         each benchmark for about a second (checks that everything runs)
                          --short         about five minutes on 2 cores
                          --full          the default: 2 forks, 10 rounds of 2 s per benchmark, 10M round trips per library
                          --only          libraries to run, comma separated: agrona,aeron,chronicle,jctools,disruptor,abq,ipcsync
                          --no-pinned     skip the second latency pass with both sides pinned to CPUs of two cores
                          --out           parent directory of the results (default bench-results)
                          --ignore-lock   run even if another JMH run holds /tmp/jmh.lock
                          --replot dir    only redraw dir/latency.html from the latency-*.hlog files of an earlier run
                        The JMH runner itself: java -cp ipcsync-bench.jar org.openjdk.jmh.Main -h""");
                    return false;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
            }
        }
        return true;
    }

    private static String value(final String[] args, final int index, final String name)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[index];
    }

    /** Runs everything and writes the reports; false when a benchmark or a latency run produced no result. */
    private boolean run() throws IOException
    {
        final LocalDateTime now = LocalDateTime.now();
        final Path dir = out.resolve(DIR_NAME.format(now));
        Files.createDirectories(dir);
        final String load = loadAverage();
        console.printf("ipcsync comparison, %s mode: %s%nResults go to %s%n", profile.name().toLowerCase(Locale.ROOT), libraryIds(),
            dir.toAbsolutePath());
        if (firstLoad(load) > 0.5)
        {
            final String note = "load average " + load + " when the run started: other processes were using the CPUs, and " +
                "busy-spinning hand-offs suffer most from that. Compare ratios within this run only.";
            notes.add(note);
            console.println("Note: " + note);
        }

        final List<ThroughputRow> throughput = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        if (runJmh && libraries.stream().anyMatch(library -> !library.benchmarks().isEmpty()))
        {
            runJmh(dir, throughput, failed);
        }
        final List<LatencyRow> latency = new ArrayList<>();
        final List<LatencyRow> pinned = new ArrayList<>();
        String pinning = null;
        if (runLatency)
        {
            runLatency(dir, latency, "");
            if (runPinned)
            {
                pinning = runPinnedLatency(dir.resolve("pinned"), pinned);
            }
        }

        final String latencySettings = String.format(Locale.ROOT, "%,d warm-up + %,d recorded round trips in %d rounds per library, %d-byte messages",
            profile.latencyWarmup, profile.latencyRoundTrips, profile.latencyRounds, latencySize);
        final RunInfo info = new RunInfo(profile.name().toLowerCase(Locale.ROOT), now.withNano(0).toString(), environment(), load,
            profile.jmhSettings(), latencySettings, notes);
        final String markdown = ResultsMarkdown.render(info, throughput, failed, latency, latencySize) +
            (pinned.isEmpty() ? "" : ResultsMarkdown.renderPinned(latency, pinned, latencySize, pinning));
        Files.writeString(dir.resolve("results.md"), markdown, StandardCharsets.UTF_8);
        if (!latency.isEmpty())
        {
            Files.writeString(dir.resolve("latency.html"), LatencyPlot.render(info, latency, latencySize), StandardCharsets.UTF_8);
        }
        if (!pinned.isEmpty())
        {
            Files.writeString(dir.resolve("pinned").resolve("latency.html"), LatencyPlot.render(info, pinned, latencySize),
                StandardCharsets.UTF_8);
        }
        console.println();
        console.println(markdown);
        console.printf("Done in %s. Results: %s%n", clock(elapsed()), dir.toAbsolutePath());
        return failed.isEmpty() && latency.stream().allMatch(row -> row.failure() == null) &&
            pinned.stream().allMatch(row -> row.failure() == null);
    }

    private String libraryIds()
    {
        final StringBuilder ids = new StringBuilder();
        libraries.forEach(library -> ids.append(ids.length() == 0 ? "" : ", ").append(library.id()));
        return ids.toString();
    }

    private void runJmh(final Path dir, final List<ThroughputRow> rows, final List<String> failed) throws IOException
    {
        final ChainedOptionsBuilder options = new OptionsBuilder()
            .forks(profile.forks)
            .warmupIterations(profile.warmupIterations)
            .warmupTime(TimeValue.milliseconds(profile.warmupMillis))
            .measurementIterations(profile.measurementIterations)
            .measurementTime(TimeValue.milliseconds(profile.measurementMillis))
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(false)
            .resultFormat(ResultFormatType.JSON)
            .result(dir.resolve("jmh-results.json").toString());
        final List<String> includes = new ArrayList<>();
        for (final Library library : libraries)
        {
            for (final Class<?> benchmark : library.benchmarks())
            {
                final String include = "^" + Pattern.quote(benchmark.getName() + ".");
                includes.add(include);
                options.include(include);
            }
        }
        final List<String> prepend = new ArrayList<>(JvmFlags.forRunningJdk());
        final String hook = System.getProperty(LoopThreadHook.PROPERTY);
        if (hook != null)
        {
            prepend.add("-D" + LoopThreadHook.PROPERTY + "=" + hook);
        }
        if (!prepend.isEmpty())
        {
            options.jvmArgsPrepend(prepend.toArray(new String[0]));
        }

        try (PrintStream jmhLog = new PrintStream(Files.newOutputStream(dir.resolve("jmh.log")), true, StandardCharsets.UTF_8))
        {
            final OutputFormat logFormat = OutputFormatFactory.createFormatInstance(jmhLog, VerboseMode.NORMAL);
            final List<String> planned = plannedRuns(logFormat, includes);
            console.printf("JMH: %d benchmark runs, %s; about %s%n", planned.size(), profile.jmhSettings(),
                clock(planned.size() * profile.secondsPerBenchmark()));
            final ProgressFormat progress = new ProgressFormat(logFormat, console, planned.size(), startNanos, profile.secondsPerBenchmark());
            final Collection<RunResult> results;
            try
            {
                results = new Runner(options.build(), progress).run();
            }
            catch (final RunnerException ex)
            {
                final String message = "JMH failed: " + ex.getMessage() +
                    (String.valueOf(ex.getMessage()).contains("lock") ? " (another JMH run holds /tmp/jmh.lock; --ignore-lock overrides)" : "");
                notes.add(message);
                console.println(message);
                failed.addAll(planned);
                return;
            }
            final List<String> done = new ArrayList<>();
            for (final RunResult result : results)
            {
                final ThroughputRow row = toRow(result);
                if (row != null)
                {
                    rows.add(row);
                    done.add(label(result.getParams().getBenchmark(), result.getParams().getParam("size")));
                }
            }
            for (final String run : planned)
            {
                if (!done.contains(run))
                {
                    failed.add(run);
                }
            }
        }
    }

    /** Benchmark runs JMH will make, as {@code Class.group (size=..)}, for progress and for spotting failures. */
    private static List<String> plannedRuns(final OutputFormat log, final List<String> includes)
    {
        final List<String> runs = new ArrayList<>();
        for (final BenchmarkListEntry entry : BenchmarkList.defaultList().find(log, includes, List.of()))
        {
            final Map<String, String[]> params = entry.getParams().hasValue() ? entry.getParams().get() : Map.of();
            final String[] sizes = params.getOrDefault("size", new String[] {"?"});
            for (final String size : sizes)
            {
                runs.add(label(entry.getUsername(), size));
            }
        }
        return runs;
    }

    private static String label(final String benchmark, final String size)
    {
        return ProgressFormat.shortName(benchmark) + " (size=" + size + ")";
    }

    private static ThroughputRow toRow(final RunResult result)
    {
        final String benchmark = result.getParams().getBenchmark();
        final Library library = Library.ofBenchmark(benchmark);
        if (library == null)
        {
            return null;
        }
        final List<Double> rounds = new ArrayList<>();
        final List<Double> alloc = new ArrayList<>();
        for (final BenchmarkResult fork : result.getBenchmarkResults())
        {
            for (final IterationResult iteration : fork.getIterationResults())
            {
                final Result<?> received = iteration.getSecondaryResults().get("received");
                if (received == null)
                {
                    continue;
                }
                rounds.add(received.getScore());
                final Result<?> norm = iteration.getSecondaryResults().get("gc.alloc.rate.norm");
                if (norm != null && received.getScore() > 0)
                {
                    // B/op × ops/s ÷ msgs/s, where an op is any call of either group method
                    alloc.add(norm.getScore() * iteration.getPrimaryResult().getScore() / received.getScore());
                }
            }
        }
        if (rounds.isEmpty())
        {
            return null;
        }
        alloc.sort(null);
        final String group = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        return new ThroughputRow(library, group, Integer.parseInt(result.getParams().getParam("size")), rounds,
            alloc.isEmpty() ? Double.NaN : ThroughputRow.median(alloc));
    }

    /** Runs the latency harness again with both sides pinned; returns where they went, or null when impossible. */
    private String runPinnedLatency(final Path dir, final List<LatencyRow> rows) throws IOException
    {
        final String description;
        try
        {
            description = new PinningHook().describe();
        }
        catch (final IllegalStateException ex)
        {
            notes.add("no pinned latency runs: " + ex.getMessage());
            return null;
        }
        Files.createDirectories(dir);
        final String before = System.getProperty(LoopThreadHook.PROPERTY);
        System.setProperty(LoopThreadHook.PROPERTY, PinningHook.class.getName()); // forwarded to the child JVMs
        try
        {
            runLatency(dir, rows, " pinned (" + description + ")");
        }
        finally
        {
            if (before == null)
            {
                System.clearProperty(LoopThreadHook.PROPERTY);
            }
            else
            {
                System.setProperty(LoopThreadHook.PROPERTY, before);
            }
        }
        return description;
    }

    private void runLatency(final Path dir, final List<LatencyRow> rows, final String variant)
    {
        final List<Library> selected = new ArrayList<>();
        for (final Library library : libraries)
        {
            if (library.hasLatency())
            {
                selected.add(library);
            }
        }
        int index = 0;
        for (final Library library : selected)
        {
            index++;
            final PingPongTransport transport = Transports.byId(library.id());
            console.printf(Locale.ROOT, "[latency%s %d/%d | %s elapsed] %s: ping and echo in two JVMs, %,d round trips%n",
                variant, index, selected.size(), clock(elapsed()), transport.displayName(), profile.latencyRoundTrips);
            final LatencyHarness.Options options = new LatencyHarness.Options();
            options.transport = transport.id();
            options.warmup = profile.latencyWarmup;
            options.roundTrips = profile.latencyRoundTrips;
            options.rounds = profile.latencyRounds;
            options.size = latencySize;
            options.out = dir;
            try
            {
                final Process ping = new ProcessBuilder(ChildJvm.command(LatencyHarness.class, LatencyHarness.jvmFlags(transport), options.toArgs()))
                    .inheritIO().start();
                if (!ping.waitFor(profile.latencyTimeoutMinutes, TimeUnit.MINUTES))
                {
                    ping.destroyForcibly().waitFor();
                    rows.add(LatencyRow.failed(library, "timed out after " + profile.latencyTimeoutMinutes + " min"));
                    continue;
                }
                if (ping.exitValue() != 0)
                {
                    rows.add(LatencyRow.failed(library, "harness exited with " + ping.exitValue() + " (see console output)"));
                    continue;
                }
                rows.add(LatencyRow.of(library, readRounds(LatencyHarness.hlogFile(dir, transport.id()))));
            }
            catch (final IOException | RuntimeException ex)
            {
                rows.add(LatencyRow.failed(library, ex.toString()));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                rows.add(LatencyRow.failed(library, "interrupted"));
                return;
            }
        }
    }

    private static List<Histogram> readRounds(final Path hlog) throws IOException
    {
        final List<Histogram> rounds = new ArrayList<>();
        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        EncodableHistogram histogram;
        while ((histogram = reader.nextIntervalHistogram()) != null)
        {
            rounds.add((Histogram)histogram);
        }
        if (rounds.isEmpty())
        {
            throw new IOException("no histograms in " + hlog);
        }
        return rounds;
    }

    private double elapsed()
    {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Formats a duration like a clock.
     *
     * @param seconds a duration.
     * @return it as {@code m:ss} or {@code h:mm:ss}.
     */
    static String clock(final double seconds)
    {
        final long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String loadAverage()
    {
        try
        {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2] + " (1 / 5 / 15 min)";
        }
        catch (final IOException | RuntimeException ex)
        {
            final double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f (1 min)", load);
        }
    }

    private static double firstLoad(final String load)
    {
        try
        {
            return Double.parseDouble(load.split(" ")[0]);
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    private static String environment()
    {
        final Runtime.Version version = Runtime.version();
        return String.format(Locale.ROOT, "JDK %s (%s), %s %s %s, %d CPUs", version, System.getProperty("java.vendor"),
            System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
            Runtime.getRuntime().availableProcessors());
    }
}
