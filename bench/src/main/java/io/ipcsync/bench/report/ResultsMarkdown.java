package io.ipcsync.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Writes {@code results.md}: a table per benchmark with each library's min / median / max over
 * rounds and the ratio of ipcsync's median to the best peer's.
 */
public final class ResultsMarkdown
{
    private ResultsMarkdown()
    {
    }

    /**
     * Returns the Markdown text.
     *
     * @param info       what the run was.
     * @param throughput the throughput rows, any order.
     * @param failed     JMH benchmarks that produced no result, as {@code name (size=..)}.
     * @param latency    the latency rows, in report order.
     * @param latencySize message size of the latency runs.
     * @return the Markdown text.
     */
    public static String render(
        final RunInfo info, final List<ThroughputRow> throughput, final List<String> failed, final List<LatencyRow> latency,
        final int latencySize)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# ipcsync comparison: ").append(info.mode()).append(" run, ").append(info.started()).append("\n\n");
        md.append(info.environment()).append(". Load average when the run started: ").append(info.loadAtStart()).append(".\n\n");
        md.append("- JMH: ").append(info.jmhSettings()).append("\n");
        md.append("- Latency: ").append(info.latencySettings()).append("\n");
        for (final String note : info.notes())
        {
            md.append("- **Note:** ").append(note).append("\n");
        }
        md.append('\n');

        final TreeSet<Integer> sizes = new TreeSet<>();
        throughput.forEach(row -> sizes.add(row.size()));
        for (final int size : sizes)
        {
            throughputTable(md, size, throughput);
        }
        if (!failed.isEmpty())
        {
            md.append("**No result** (see `jmh.log`): ").append(String.join(", ", failed)).append("\n\n");
        }
        if (!latency.isEmpty())
        {
            latencyTable(md, latency, latencySize);
        }
        md.append("Files: ");
        if (!throughput.isEmpty() || !failed.isEmpty())
        {
            md.append("`jmh-results.json` (raw JMH), `jmh.log` (JMH's own output)").append(latency.isEmpty() ? ".\n" : ", ");
        }
        if (!latency.isEmpty())
        {
            md.append("`latency.html` (the plot), `latency-<library>.hgrm` (HdrHistogram percentile distributions, µs), ")
                .append("`latency-<library>.hlog` (one histogram per round, ns).\n");
        }
        return md.toString();
    }

    private static void throughputTable(final StringBuilder md, final int size, final List<ThroughputRow> all)
    {
        final List<ThroughputRow> rows = new ArrayList<>();
        for (final ThroughputRow row : all)
        {
            if (row.size() == size)
            {
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparing((ThroughputRow row) -> row.library().ordinal())
            .thenComparing(row -> variantRank(row.variant())).thenComparing(ThroughputRow::variant));
        final boolean bandwidth = size >= 64;
        final int roundCount = rows.stream().mapToInt(row -> row.rounds().size()).max().orElse(0);

        md.append("## Throughput, 1 producer thread → 1 consumer thread, ").append(Format.size(size)).append(" messages\n\n");
        md.append("Messages received and checked per second; min / median / max over the rounds (JMH measurement iterations, ")
            .append("all forks: ").append(roundCount).append(" here). Heap queues (†) work inside one process only.\n\n");
        md.append("| library | variant | min | median | max |");
        md.append(bandwidth ? " GB/s (median) |" : "");
        md.append(" alloc B/msg |\n");
        md.append("| --- | --- | ---: | ---: | ---: |").append(bandwidth ? " ---: |" : "").append(" ---: |\n");
        for (final ThroughputRow row : rows)
        {
            final String name = row.library().displayName() + (row.library().sharedMemory() ? "" : " †");
            md.append("| ").append(row.library().isSubject() ? "**" + name + "**" : name)
                .append(" | ").append(row.variant())
                .append(" | ").append(Format.rate(row.min()))
                .append(" | ").append(Format.rate(row.median()))
                .append(" | ").append(Format.rate(row.max()))
                .append(" |");
            if (bandwidth)
            {
                md.append(' ').append(String.format(Locale.ROOT, "%.2f", row.median() * size / 1e9)).append(" |");
            }
            md.append(' ').append(alloc(row.allocBytesPerMessage())).append(" |\n");
        }
        md.append('\n');
        ratioLine(md, rows);
    }

    /** Copying sends first, then primitive fast paths, then in-place (zero-copy) sends. */
    private static int variantRank(final String variant)
    {
        return switch (variant)
        {
            case "tryClaim", "writingDocument" -> 2;
            case "offerLong" -> 1;
            default -> 0;
        };
    }

    private static String alloc(final double bytes)
    {
        if (Double.isNaN(bytes))
        {
            return "–";
        }
        return bytes < 0.5 ? "0" : String.format(Locale.ROOT, "%.0f", bytes);
    }

    private static void ratioLine(final StringBuilder md, final List<ThroughputRow> rows)
    {
        ThroughputRow bestPeer = null;
        ThroughputRow bestSharedPeer = null;
        final List<ThroughputRow> subject = new ArrayList<>();
        for (final ThroughputRow row : rows)
        {
            if (row.library().isSubject())
            {
                subject.add(row);
                continue;
            }
            if (Double.isNaN(row.median()))
            {
                continue;
            }
            if (bestPeer == null || row.median() > bestPeer.median())
            {
                bestPeer = row;
            }
            if (row.library().sharedMemory() && (bestSharedPeer == null || row.median() > bestSharedPeer.median()))
            {
                bestSharedPeer = row;
            }
        }
        if (subject.isEmpty() || bestPeer == null)
        {
            md.append("**ipcsync ÷ best peer (median):** n/a (")
                .append(subject.isEmpty() ? "ipcsync has no result" : "no peer has a result").append(")\n\n");
            return;
        }
        md.append("**ipcsync ÷ best peer (median):** ");
        appendRatios(md, subject, bestPeer);
        md.append(" — best peer: ").append(describe(bestPeer)).append(".");
        if (bestSharedPeer != null && bestSharedPeer != bestPeer)
        {
            md.append("<br>**ipcsync ÷ best shared-memory peer:** ");
            appendRatios(md, subject, bestSharedPeer);
            md.append(" — ").append(describe(bestSharedPeer)).append(".");
        }
        md.append("\n\n");
    }

    private static void appendRatios(final StringBuilder md, final List<ThroughputRow> subject, final ThroughputRow peer)
    {
        for (int i = 0; i < subject.size(); i++)
        {
            final ThroughputRow row = subject.get(i);
            md.append(i == 0 ? "" : ", ").append(row.variant()).append(" **").append(Format.ratio(row.median() / peer.median())).append("**");
        }
    }

    private static String describe(final ThroughputRow row)
    {
        return row.library().displayName() + " " + row.variant() + ", " + Format.rate(row.median()) + " msgs/s";
    }

    /**
     * Returns the Markdown of the pinned latency runs: their table, and what pinning changed per library.
     *
     * @param unpinned    the latency rows without pinning, from the same run.
     * @param pinned      the latency rows with both sides pinned.
     * @param size        message size of the latency runs.
     * @param description where the two sides were pinned.
     * @return the Markdown text.
     */
    public static String renderPinned(
        final List<LatencyRow> unpinned, final List<LatencyRow> pinned, final int size, final String description)
    {
        final StringBuilder md = new StringBuilder("\n");
        latencyTable(md, pinned, size, " with both threads pinned (" + description + ")");
        md.append("### What pinning changed (same run; unpinned → pinned, µs)\n\n| library | p50 | p99 | p99.9 | max |\n")
            .append("| --- | ---: | ---: | ---: | ---: |\n");
        for (final LatencyRow row : pinned)
        {
            final LatencyRow before = unpinned.stream().filter(r -> r.library() == row.library()).findFirst().orElse(null);
            if (row.failure() != null || before == null || before.failure() != null)
            {
                continue;
            }
            md.append("| ").append(row.library().displayName()).append(" |");
            for (final double p : new double[] {50, 99, 99.9})
            {
                md.append(' ').append(Format.micros(before.at(p))).append(" → ").append(Format.micros(row.at(p))).append(" |");
            }
            md.append(' ').append(Format.micros(before.total().getMaxValue())).append(" → ")
                .append(Format.micros(row.total().getMaxValue())).append(" |\n");
        }
        md.append("\nFiles: `pinned/latency.html`, `pinned/latency-<library>.hgrm` and `.hlog`.\n");
        return md.toString();
    }

    private static void latencyTable(final StringBuilder md, final List<LatencyRow> rows, final int size)
    {
        latencyTable(md, rows, size, "");
    }

    private static void latencyTable(final StringBuilder md, final List<LatencyRow> rows, final int size, final String variant)
    {
        md.append("## Round-trip latency between two processes, ").append(Format.size(size)).append(" messages")
            .append(variant).append("\n\n");
        md.append("Microseconds from send to echo received, one message in flight, both sides busy-spinning; percentiles ")
            .append("of all recorded round trips. The last column is the spread of the rounds' medians. ")
            .append("See `latency.html` for the whole distribution.\n\n");
        md.append("| library |");
        for (final double p : LatencyRow.PERCENTILES)
        {
            md.append(' ').append(Format.percentile(p)).append(" |");
        }
        md.append(" max | round trips | p50 of rounds (min–max) |\n| --- |");
        for (int i = 0; i < LatencyRow.PERCENTILES.length; i++)
        {
            md.append(" ---: |");
        }
        md.append(" ---: | ---: | ---: |\n");

        LatencyRow subject = null;
        for (final LatencyRow row : rows)
        {
            final String name = row.library().isSubject() ? "**" + row.library().displayName() + "**" : row.library().displayName();
            if (row.failure() != null)
            {
                md.append("| ").append(name).append(" | failed: ").append(row.failure().replace('|', '/'))
                    .append(" |".repeat(LatencyRow.PERCENTILES.length + 3)).append('\n');
                continue;
            }
            if (row.library().isSubject())
            {
                subject = row;
            }
            md.append("| ").append(name).append(" |");
            for (final double p : LatencyRow.PERCENTILES)
            {
                md.append(' ').append(Format.micros(row.at(p))).append(" |");
            }
            double minMedian = Double.MAX_VALUE;
            double maxMedian = 0;
            for (final var round : row.rounds())
            {
                minMedian = Math.min(minMedian, round.getValueAtPercentile(50));
                maxMedian = Math.max(maxMedian, round.getValueAtPercentile(50));
            }
            md.append(' ').append(Format.micros(row.total().getMaxValue()))
                .append(" | ").append(String.format(Locale.ROOT, "%,d", row.total().getTotalCount()))
                .append(" | ").append(Format.micros(minMedian)).append("–").append(Format.micros(maxMedian)).append(" |\n");
        }
        if (subject != null)
        {
            md.append("| ipcsync ÷ best peer |");
            for (final double p : LatencyRow.PERCENTILES)
            {
                md.append(' ').append(Format.ratio(subject.at(p) / bestPeer(rows, p))).append(" |");
            }
            md.append(" | | |\n");
        }
        md.append("\nA ratio below 1 means ipcsync is faster; each percentile is compared with the best peer at that percentile.\n\n");
    }

    private static double bestPeer(final List<LatencyRow> rows, final double percentile)
    {
        double best = Double.NaN;
        for (final LatencyRow row : rows)
        {
            if (!row.library().isSubject() && row.failure() == null)
            {
                final double value = row.at(percentile);
                best = Double.isNaN(best) ? value : Math.min(best, value);
            }
        }
        return best;
    }
}
