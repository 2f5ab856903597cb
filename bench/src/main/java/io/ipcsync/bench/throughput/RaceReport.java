package io.ipcsync.bench.throughput;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown report of one message size of an {@link InterleavedRace}: each library's speed over
 * the rounds, and the ratios of ipcsync to the peer library taken round by round.
 */
final class RaceReport
{
    private RaceReport()
    {
    }

    /**
     * Formats the results of one size.
     *
     * @param mode        what was raced (the channel mode), for the heading.
     * @param peers       the peer libraries' names, as their contenders' names begin.
     * @param size        message size in bytes.
     * @param rounds      measured rounds.
     * @param sliceMillis length of each turn.
     * @param placement   the producer's CPU and the consumer's.
     * @param contenders  the libraries and send paths, in column order.
     * @param rates       messages per second, [round][contender].
     * @return the report section.
     */
    static String markdown(
        final String mode,
        final List<String> peers,
        final int size,
        final int rounds,
        final long sliceMillis,
        final int[] placement,
        final List<Contender> contenders,
        final double[][] rates)
    {
        final StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT,
            "## %s, %d-byte messages, producer on CPU %d, consumer on CPU %d: %d rounds, each library %d ms per round%n%n",
            mode, size, placement[0], placement[1], rounds, sliceMillis));
        md.append("| library, send path | min | median | max |\n| --- | ---: | ---: | ---: |\n");
        for (int c = 0; c < contenders.size(); c++)
        {
            final double[] column = column(rates, c);
            md.append(String.format(Locale.ROOT, "| %s | %.1f M | %.1f M | %.1f M |%n", contenders.get(c).name(),
                min(column) / 1e6, median(column) / 1e6, max(column) / 1e6));
        }
        md.append("\nipcsync ÷ ").append(String.join(" and ÷ ", peers))
            .append(", ratio taken in each round (measured within a second of each other):\n\n");
        md.append("| ratio | min | median | max |\n| --- | ---: | ---: | ---: |\n");
        for (final String peer : peers)
        {
            ratioLine(md, "best ipcsync path ÷ best " + peer + " path", rates, contenders, "ipcsync", peer);
            ratioLine(md, "ipcsync offer ÷ " + peer + " write", rates, contenders, "ipcsync offer", peer + " write");
            ratioLine(md, "ipcsync tryClaim ÷ " + peer + " tryClaim", rates, contenders, "ipcsync tryClaim", peer + " tryClaim");
            ratioLine(md, "best ipcsync-shared path ÷ best " + peer + " path", rates, contenders, "ipcsync-shared", peer);
        }
        for (final String library : twinned(peers))
        {
            ratioLine(md, "best " + library + " path ÷ best of its twin (the same code, another ring)", rates, contenders,
                library, library + Contender.TWIN);
        }
        md.append('\n');
        return md.toString();
    }

    private static List<String> twinned(final List<String> peers)
    {
        final List<String> libraries = new ArrayList<>();
        libraries.add("ipcsync");
        libraries.addAll(peers);
        return libraries;
    }

    private static void ratioLine(final StringBuilder md, final String label, final double[][] rates,
        final List<Contender> contenders, final String numerator, final String denominator)
    {
        if (!present(contenders, numerator) || !present(contenders, denominator))
        {
            return;
        }
        final double[] ratios = new double[rates.length];
        for (int round = 0; round < rates.length; round++)
        {
            ratios[round] = best(rates[round], contenders, numerator) / best(rates[round], contenders, denominator);
        }
        md.append(String.format(Locale.ROOT, "| %s | %.2f | **%.2f** | %.2f |%n", label, min(ratios), median(ratios), max(ratios)));
    }

    private static boolean present(final List<Contender> contenders, final String prefix)
    {
        for (final Contender contender : contenders)
        {
            if (matches(contender.name(), prefix))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(final String name, final String prefix)
    {
        return name.equals(prefix) || name.startsWith(prefix + " ");
    }

    /** The fastest of the contenders whose name is, or starts with the word, {@code prefix}. */
    private static double best(final double[] round, final List<Contender> contenders, final String prefix)
    {
        double best = 0;
        for (int c = 0; c < contenders.size(); c++)
        {
            if (matches(contenders.get(c).name(), prefix))
            {
                best = Math.max(best, round[c]);
            }
        }
        return best;
    }

    private static double[] column(final double[][] rates, final int c)
    {
        final double[] column = new double[rates.length];
        for (int round = 0; round < rates.length; round++)
        {
            column[round] = rates[round][c];
        }
        return column;
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(final double[] values)
    {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(final double[] values)
    {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
