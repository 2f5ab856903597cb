package io.ipcsync.bench.report;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One library's cross-process round-trip latencies: a histogram per round and their sum, or why
 * there are none.
 */
public final class LatencyRow
{
    /** The percentiles every report shows. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private final Library library;
    private final List<Histogram> rounds;
    private final Histogram total;
    private final String failure;

    private LatencyRow(final Library library, final List<Histogram> rounds, final Histogram total, final String failure)
    {
        this.library = library;
        this.rounds = rounds;
        this.total = total;
        this.failure = failure;
    }

    /**
     * Creates a row.
     *
     * @param library the library.
     * @param rounds  one histogram per round (values in ns).
     * @return the row.
     */
    public static LatencyRow of(final Library library, final List<Histogram> rounds)
    {
        final Histogram total = new Histogram(rounds.get(0).getHighestTrackableValue(), rounds.get(0).getNumberOfSignificantValueDigits());
        rounds.forEach(total::add);
        return new LatencyRow(library, List.copyOf(rounds), total, null);
    }

    /**
     * Creates a row.
     *
     * @param library the library.
     * @param failure why it has no result.
     * @return the row.
     */
    public static LatencyRow failed(final Library library, final String failure)
    {
        return new LatencyRow(library, List.of(), null, failure);
    }

    /**
     * Returns the library.
     *
     * @return the library.
     */
    public Library library()
    {
        return library;
    }

    /**
     * Returns one histogram per round, empty when failed.
     *
     * @return one histogram per round, empty when failed.
     */
    public List<Histogram> rounds()
    {
        return rounds;
    }

    /**
     * Returns all rounds together, null when failed.
     *
     * @return all rounds together, null when failed.
     */
    public Histogram total()
    {
        return total;
    }

    /**
     * Returns why there is no result, or null.
     *
     * @return why there is no result, or null.
     */
    public String failure()
    {
        return failure;
    }

    /**
     * Returns the latency at that percentile of all rounds, ns.
     *
     * @param percentile e.g. 99.9.
     * @return the latency at that percentile of all rounds, ns.
     */
    public long at(final double percentile)
    {
        return total.getValueAtPercentile(percentile);
    }
}
