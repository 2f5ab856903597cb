package io.ipcsync.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One library variant at one message size: messages per second of each measured round (JMH
 * iteration, over all forks) and the allocation per message.
 */
public final class ThroughputRow
{
    private final Library library;
    private final String variant;
    private final int size;
    private final List<Double> rounds;
    private final double allocBytesPerMessage;

    /**
     * Creates a row.
     *
     * @param library              the library.
     * @param variant              the send path, e.g. {@code tryClaim} (the JMH group name).
     * @param size                 message size in bytes.
     * @param rounds               messages per second of each measured round.
     * @param allocBytesPerMessage bytes allocated per message received (median over rounds), NaN if unknown.
     */
    public ThroughputRow(
        final Library library, final String variant, final int size, final List<Double> rounds, final double allocBytesPerMessage)
    {
        this.library = library;
        this.variant = variant;
        this.size = size;
        final List<Double> sorted = new ArrayList<>(rounds);
        Collections.sort(sorted);
        this.rounds = List.copyOf(sorted);
        this.allocBytesPerMessage = allocBytesPerMessage;
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
     * Returns the send path (JMH group name).
     *
     * @return the send path (JMH group name).
     */
    public String variant()
    {
        return variant;
    }

    /**
     * Returns message size in bytes.
     *
     * @return message size in bytes.
     */
    public int size()
    {
        return size;
    }

    /**
     * Returns messages per second of each round, ascending.
     *
     * @return messages per second of each round, ascending.
     */
    public List<Double> rounds()
    {
        return rounds;
    }

    /**
     * Returns bytes allocated per message, NaN if unknown.
     *
     * @return bytes allocated per message, NaN if unknown.
     */
    public double allocBytesPerMessage()
    {
        return allocBytesPerMessage;
    }

    /**
     * Returns the slowest round, messages per second.
     *
     * @return the slowest round, messages per second.
     */
    public double min()
    {
        return rounds.isEmpty() ? Double.NaN : rounds.get(0);
    }

    /**
     * Returns the fastest round, messages per second.
     *
     * @return the fastest round, messages per second.
     */
    public double max()
    {
        return rounds.isEmpty() ? Double.NaN : rounds.get(rounds.size() - 1);
    }

    /**
     * Returns the median round, messages per second.
     *
     * @return the median round, messages per second.
     */
    public double median()
    {
        return median(rounds);
    }

    /**
     * Returns their median, NaN when empty.
     *
     * @param values values in ascending order.
     * @return their median, NaN when empty.
     */
    public static double median(final List<Double> values)
    {
        final int n = values.size();
        if (n == 0)
        {
            return Double.NaN;
        }
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }
}
