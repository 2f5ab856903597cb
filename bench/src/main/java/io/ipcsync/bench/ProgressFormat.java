package io.ipcsync.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH output for a person watching the comparison: one line per benchmark (which one, how many
 * done, time elapsed and left) and one per iteration with the messages per second received. JMH's
 * full output goes unchanged to a delegate (the {@code jmh.log} file); output of the forked JVMs
 * that is not JMH's own (warnings, stack traces) also reaches the console.
 */
final class ProgressFormat implements OutputFormat
{
    private final OutputFormat log;
    private final PrintStream console;
    private final int total;
    private final long startNanos;
    private final double estimatedSecondsPerBenchmark;
    private final ByteArrayOutputStream forkOutput = new ByteArrayOutputStream();
    private int started;
    private long firstBenchmarkNanos;
    private String fork = "";

    /**
     * Creates the format.
     *
     * @param log                          receives everything, in JMH's own format.
     * @param console                      where progress goes.
     * @param total                        how many benchmark runs (benchmark × parameters) are planned.
     * @param startNanos                   {@code System.nanoTime()} when the whole comparison started.
     * @param estimatedSecondsPerBenchmark the planned time of one benchmark run, for the first estimate.
     */
    ProgressFormat(
        final OutputFormat log, final PrintStream console, final int total, final long startNanos, final double estimatedSecondsPerBenchmark)
    {
        this.log = log;
        this.console = console;
        this.total = total;
        this.startNanos = startNanos;
        this.estimatedSecondsPerBenchmark = estimatedSecondsPerBenchmark;
    }

    @Override
    public void startBenchmark(final BenchmarkParams params)
    {
        log.startBenchmark(params);
        final long now = System.nanoTime();
        if (started == 0)
        {
            firstBenchmarkNanos = now;
        }
        final double perBenchmark = started == 0 ? estimatedSecondsPerBenchmark : (now - firstBenchmarkNanos) / 1e9 / started;
        started++;
        final double left = perBenchmark * (total - started + 1);
        console.printf(Locale.ROOT, "[jmh %2d/%d | %s elapsed, ~%s left] %s, %s-byte messages%n",
            started, total, Compare.clock((now - startNanos) / 1e9), Compare.clock(left), shortName(params.getBenchmark()),
            params.getParam("size"));
        fork = "";
    }

    static String shortName(final String benchmark)
    {
        final int dot = benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1);
        return benchmark.substring(dot + 1);
    }

    @Override
    public void iteration(final BenchmarkParams benchmarkParams, final IterationParams params, final int iteration)
    {
        log.iteration(benchmarkParams, params, iteration);
    }

    @Override
    public void iterationResult(
        final BenchmarkParams benchmarkParams, final IterationParams params, final int iteration, final IterationResult data)
    {
        log.iterationResult(benchmarkParams, params, iteration, data);
        final Result<?> received = data.getSecondaryResults().get("received");
        final String rate = received == null ? "no 'received' counter" : String.format(Locale.ROOT, "%8.2f M msgs/s", received.getScore() / 1e6);
        final String phase = params.getType() == IterationType.WARMUP ? "warm-up" : "round  ";
        console.printf(Locale.ROOT, "      %s%s %2d/%d  %s%n", fork, phase, iteration, params.getCount(), rate);
    }

    @Override
    public void endBenchmark(final BenchmarkResult result)
    {
        log.endBenchmark(result);
    }

    @Override
    public void startRun()
    {
        log.startRun();
    }

    @Override
    public void endRun(final Collection<RunResult> result)
    {
        log.endRun(result);
    }

    @Override
    public void print(final String s)
    {
        log.print(s);
    }

    @Override
    public void println(final String s)
    {
        log.println(s);
        if (s.startsWith("# Fork: "))
        {
            final String[] parts = s.substring("# Fork: ".length()).split(" of ");
            fork = parts.length == 2 && !"1".equals(parts[1].trim()) ? "fork " + parts[0].trim() + "/" + parts[1].trim() + " " : "";
        }
        else if (!s.isBlank() && !s.startsWith("#"))
        {
            console.println("      | " + s);
        }
    }

    @Override
    public void flush()
    {
        log.flush();
        console.flush();
    }

    @Override
    public void close()
    {
        log.close();
    }

    @Override
    public void verbosePrintln(final String s)
    {
        log.verbosePrintln(s);
    }

    @Override
    public void write(final int b)
    {
        log.write(b);
        forkOutput.write(b);
        if (b == '\n')
        {
            flushForkOutput();
        }
    }

    @Override
    public void write(final byte[] b) throws java.io.IOException
    {
        log.write(b);
        for (final byte value : b)
        {
            forkOutput.write(value);
            if (value == '\n')
            {
                flushForkOutput();
            }
        }
    }

    private void flushForkOutput()
    {
        final String line = forkOutput.toString(StandardCharsets.UTF_8).stripTrailing();
        forkOutput.reset();
        if (!line.isEmpty())
        {
            console.println("      | " + line);
        }
    }
}
