package io.ipcsync.bench.report;

import java.util.Locale;

/** Number formatting shared by the reports. */
final class Format
{
    private Format()
    {
    }

    /**
     * Formats a message rate.
     *
     * @param perSecond messages per second.
     * @return e.g. {@code 41.2 M}.
     */
    static String rate(final double perSecond)
    {
        if (Double.isNaN(perSecond))
        {
            return "–";
        }
        if (perSecond >= 1e6)
        {
            return String.format(Locale.ROOT, "%.1f M", perSecond / 1e6);
        }
        if (perSecond >= 1e3)
        {
            return String.format(Locale.ROOT, "%.1f k", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    /**
     * Formats a latency as microseconds, with a precision that suits its size.
     *
     * @param nanos a latency in nanoseconds.
     * @return microseconds with a precision that suits the size, e.g. {@code 0.183}, {@code 35.2}.
     */
    static String micros(final double nanos)
    {
        final double micros = nanos / 1000.0;
        if (micros < 10)
        {
            return String.format(Locale.ROOT, "%.3f", micros);
        }
        if (micros < 1000)
        {
            return String.format(Locale.ROOT, "%.1f", micros);
        }
        return String.format(Locale.ROOT, "%,.0f", micros);
    }

    /**
     * Formats a latency as a short label with a unit.
     *
     * @param nanos a latency in nanoseconds.
     * @return a short label with a unit, e.g. {@code 180 ns}, {@code 35 µs}, {@code 1.2 ms}.
     */
    static String duration(final double nanos)
    {
        if (nanos < 1000)
        {
            return String.format(Locale.ROOT, "%.0f ns", nanos);
        }
        if (nanos < 1e6)
        {
            final double us = nanos / 1e3;
            return String.format(Locale.ROOT, us < 10 ? "%.1f µs" : "%.0f µs", us);
        }
        if (nanos < 1e9)
        {
            final double ms = nanos / 1e6;
            return String.format(Locale.ROOT, ms < 10 ? "%.1f ms" : "%.0f ms", ms);
        }
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /**
     * Formats a ratio.
     *
     * @param ratio a ratio.
     * @return e.g. {@code 0.93×}.
     */
    static String ratio(final double ratio)
    {
        return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "–" : String.format(Locale.ROOT, "%.2f×", ratio);
    }

    /**
     * Formats a percentile label.
     *
     * @param percentile e.g. 99.9.
     * @return e.g. {@code p99.9}.
     */
    static String percentile(final double percentile)
    {
        return percentile == Math.rint(percentile) ? "p" + (long)percentile : "p" + percentile;
    }

    /**
     * Formats a message size.
     *
     * @param size message size in bytes.
     * @return e.g. {@code 8-byte} or {@code 1 KiB}.
     */
    static String size(final int size)
    {
        return size % 1024 == 0 ? (size / 1024) + " KiB" : size + "-byte";
    }

    /**
     * Escapes HTML's special characters.
     *
     * @param text any text.
     * @return the text with HTML's special characters escaped.
     */
    static String html(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
