package io.ipcsync.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Writes {@code latency.html}: a self-contained page (inline SVG, no scripts) that plots each
 * library's round-trip latency against percentile, on HdrHistogram's log percentile axis
 * (0%, 90%, 99%, 99.9%, ...), once with a log latency axis for the whole range and once with a
 * linear axis for the body of the distribution, followed by the table of percentiles.
 */
public final class LatencyPlot
{
    private static final int WIDTH = 980;
    private static final int HEIGHT = 520;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 20;
    private static final int BOTTOM = 60;
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#d62728"};
    private static final String[] PERCENTILE_LABELS = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%", "99.99999%"};

    private LatencyPlot()
    {
    }

    /**
     * Returns the HTML page.
     *
     * @param info        what the run was.
     * @param rows        the latency rows (failed ones are listed, not plotted).
     * @param messageSize message size of the runs.
     * @return the HTML page.
     */
    public static String render(final RunInfo info, final List<LatencyRow> rows, final int messageSize)
    {
        final List<LatencyRow> plotted = new ArrayList<>();
        for (final LatencyRow row : rows)
        {
            if (row.failure() == null)
            {
                plotted.add(row);
            }
        }
        final StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
            .append("<title>ipcsync round-trip latency, ").append(Format.html(info.started())).append("</title>\n")
            .append("<style>\n")
            .append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1000px;color:#222}\n")
            .append("h1{font-size:22px;margin-bottom:4px} h2{font-size:17px;margin:28px 0 6px} p.sub{color:#555;margin-top:0}\n")
            .append(".legend span{display:inline-block;margin-right:22px;font-size:15px}\n")
            .append(".legend i{display:inline-block;width:28px;height:0;border-top:3px solid;vertical-align:middle;margin-right:6px}\n")
            .append("table{border-collapse:collapse;margin-top:8px;font-size:14px} th,td{padding:4px 10px;text-align:right;border-bottom:1px solid #ddd}\n")
            .append("th:first-child,td:first-child{text-align:left} tr.subject td{font-weight:600}\n")
            .append("svg text{font-family:system-ui,-apple-system,'Segoe UI',sans-serif}\n")
            .append("</style></head><body>\n");
        html.append("<h1>Round-trip latency between two processes, ").append(Format.size(messageSize)).append(" messages</h1>\n")
            .append("<p class=\"sub\">One message in flight, both sides busy-spinning. ")
            .append(Format.html(info.mode())).append(" run, ").append(Format.html(info.started())).append(". ")
            .append(Format.html(info.environment())).append(". ").append(Format.html(info.latencySettings())).append(". ")
            .append("Lower is better; further right is rarer.</p>\n");
        if (plotted.isEmpty())
        {
            html.append("<p>No latency results.</p>\n");
        }
        else
        {
            legend(html, plotted);
            final int decades = percentileDecades(plotted);
            html.append("<h2>Whole distribution (log latency scale)</h2>\n");
            html.append(logChart(plotted, decades));
            html.append("<h2>Body of the distribution up to p99 (linear latency scale, up to twice the highest p90)</h2>\n");
            html.append(linearChart(plotted));
            table(html, plotted);
        }
        for (final LatencyRow row : rows)
        {
            if (row.failure() != null)
            {
                html.append("<p><b>").append(Format.html(row.library().displayName())).append(":</b> no result, ")
                    .append(Format.html(row.failure())).append("</p>\n");
            }
        }
        html.append("</body></html>\n");
        return html.toString();
    }

    private static String color(final LatencyRow row)
    {
        return row.library().isSubject() ? "#d62728" : COLORS[row.library().ordinal() % (COLORS.length - 1)];
    }

    private static void legend(final StringBuilder html, final List<LatencyRow> rows)
    {
        html.append("<div class=\"legend\">");
        for (final LatencyRow row : rows)
        {
            html.append("<span><i style=\"border-color:").append(color(row)).append(row.library().isSubject() ? ";border-top-width:5px" : "")
                .append("\"></i>").append(row.library().isSubject() ? "<b>" : "").append(Format.html(row.library().displayName()))
                .append(row.library().isSubject() ? "</b>" : "").append("</span>");
        }
        html.append("</div>\n");
    }

    /** Decades of the percentile axis: as many as the round-trip count supports, 3 to 7. */
    private static int percentileDecades(final List<LatencyRow> rows)
    {
        long count = Long.MAX_VALUE;
        for (final LatencyRow row : rows)
        {
            count = Math.min(count, row.total().getTotalCount());
        }
        return (int)Math.max(3, Math.min(7, Math.floor(Math.log10(Math.max(count, 1)))));
    }

    /** x of a percentile on HdrHistogram's axis: log10(1 / (1 - p)). */
    private static double percentileX(final double percentile)
    {
        return Math.log10(100.0 / (100.0 - percentile));
    }

    private interface Scale
    {
        double y(double nanos);
    }

    private static String logChart(final List<LatencyRow> rows, final int decades)
    {
        long low = Long.MAX_VALUE;
        long high = 1;
        for (final LatencyRow row : rows)
        {
            low = Math.min(low, Math.max(1, row.total().getMinValue()));
            high = Math.max(high, row.total().getMaxValue());
        }
        final double yLow = Math.floor(Math.log10(low));
        final double yHigh = Math.max(yLow + 1, Math.ceil(Math.log10(high)));
        final double plotHeight = HEIGHT - TOP - BOTTOM;
        final Scale scale = nanos -> TOP + plotHeight * (1 - (Math.log10(Math.max(nanos, 1)) - yLow) / (yHigh - yLow));

        final StringBuilder svg = svgStart("log");
        for (int exponent = (int)yLow; exponent <= (int)yHigh; exponent++)
        {
            for (final int mantissa : new int[] {1, 2, 5})
            {
                final double nanos = mantissa * Math.pow(10, exponent);
                if (Math.log10(nanos) > yHigh + 1e-9)
                {
                    continue;
                }
                final double y = scale.y(nanos);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                    LEFT, WIDTH - RIGHT, y, y, mantissa == 1 ? "#bbb" : "#eee"));
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"%d\" fill=\"#444\">%s</text>%n",
                    LEFT - 8, y + 4, mantissa == 1 ? 13 : 11, Format.html(Format.duration(nanos))));
            }
        }
        percentileAxis(svg, decades);
        axisTitles(svg, "round-trip latency (log scale)");
        curves(svg, rows, decades, scale, Double.MAX_VALUE);
        return svg.append("</svg>\n").toString();
    }

    private static String linearChart(final List<LatencyRow> rows)
    {
        final int decades = 2;
        // scaled to the body: twice the highest p90, so a tail that shoots up leaves through the top
        double top = 0;
        for (final LatencyRow row : rows)
        {
            top = Math.max(top, 2 * row.at(90));
        }
        final double step = niceStep(top / 6);
        final double yMax = Math.ceil(top / step) * step;
        final double plotHeight = HEIGHT - TOP - BOTTOM;
        final Scale scale = nanos -> TOP + plotHeight * (1 - nanos / yMax);

        final StringBuilder svg = svgStart("lin");
        for (double nanos = 0; nanos <= yMax + step / 2; nanos += step)
        {
            final double y = scale.y(nanos);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                LEFT, WIDTH - RIGHT, y, y, nanos == 0 ? "#888" : "#e4e4e4"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"12\" fill=\"#444\">%s</text>%n",
                LEFT - 8, y + 4, Format.html(Format.duration(nanos))));
        }
        percentileAxis(svg, decades);
        axisTitles(svg, "round-trip latency");
        curves(svg, rows, decades, scale, yMax);
        return svg.append("</svg>\n").toString();
    }

    private static double niceStep(final double rough)
    {
        final double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(rough, 1))));
        for (final double m : new double[] {1, 2, 2.5, 5, 10})
        {
            if (m * magnitude >= rough)
            {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static StringBuilder svgStart(final String id)
    {
        final StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<defs><clipPath id=\"clip-%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/></clipPath></defs>%n",
            id, LEFT, TOP - 2, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM + 4));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fcfcfc\" stroke=\"#888\"/>%n",
            LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
        return svg;
    }

    private static double xOf(final double percentileX, final int decades)
    {
        return LEFT + (WIDTH - LEFT - RIGHT) * Math.min(percentileX, decades) / decades;
    }

    private static void percentileAxis(final StringBuilder svg, final int decades)
    {
        for (int decade = 0; decade <= decades; decade++)
        {
            final double x = xOf(decade, decades);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                x, x, TOP, HEIGHT - BOTTOM));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\" fill=\"#444\">%s</text>%n",
                x, HEIGHT - BOTTOM + 18, PERCENTILE_LABELS[decade]));
        }
    }

    private static void axisTitles(final StringBuilder svg, final String yTitle)
    {
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"14\" fill=\"#222\">percentile (log scale: each step is 10× rarer)</text>%n",
            LEFT + (WIDTH - LEFT - RIGHT) / 2, HEIGHT - 14));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(18,%d) rotate(-90)\" text-anchor=\"middle\" font-size=\"14\" fill=\"#222\">%s</text>%n",
            TOP + (HEIGHT - TOP - BOTTOM) / 2, yTitle));
    }

    private static void curves(final StringBuilder svg, final List<LatencyRow> rows, final int decades, final Scale scale, final double clipAbove)
    {
        final String clip = clipAbove == Double.MAX_VALUE ? "log" : "lin";
        svg.append("<g clip-path=\"url(#clip-").append(clip).append(")\">\n");
        // peers first, ipcsync last so it is drawn on top
        final List<LatencyRow> ordered = new ArrayList<>();
        rows.stream().filter(row -> !row.library().isSubject()).forEach(ordered::add);
        rows.stream().filter(row -> row.library().isSubject()).forEach(ordered::add);
        for (final LatencyRow row : ordered)
        {
            final Histogram histogram = row.total();
            final StringBuilder points = new StringBuilder();
            for (final HistogramIterationValue value : histogram.percentiles(5))
            {
                final double percentile = value.getPercentileLevelIteratedTo();
                if (percentile >= 100.0)
                {
                    break;
                }
                final double px = percentileX(percentile);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ",
                    xOf(px, decades), scale.y(histogram.highestEquivalentValue(value.getValueIteratedTo()))));
                if (px > decades)
                {
                    break;
                }
            }
            if (clipAbove == Double.MAX_VALUE)
            {
                // the whole distribution ends with its maximum at the right edge
                points.append(String.format(Locale.ROOT, "%.1f,%.1f", xOf(decades, decades), scale.y(histogram.getMaxValue())));
            }
            svg.append(String.format(Locale.ROOT,
                "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" stroke-linejoin=\"round\" points=\"%s\"><title>%s</title></polyline>%n",
                color(row), row.library().isSubject() ? "3.5" : "2.2", points, Format.html(row.library().displayName())));
            for (final double p : LatencyRow.PERCENTILES)
            {
                final double px = percentileX(p);
                if (px > decades + 1e-9)
                {
                    continue;
                }
                final long nanos = row.at(p);
                svg.append(String.format(Locale.ROOT,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"#fff\"><title>%s %s: %s</title></circle>%n",
                    xOf(px, decades), scale.y(nanos), color(row), Format.html(row.library().displayName()), Format.percentile(p),
                    Format.html(Format.duration(nanos))));
            }
        }
        svg.append("</g>\n");
    }

    private static void table(final StringBuilder html, final List<LatencyRow> rows)
    {
        html.append("<h2>Percentiles (µs)</h2>\n<table><tr><th>library</th>");
        for (final double p : LatencyRow.PERCENTILES)
        {
            html.append("<th>").append(Format.percentile(p)).append("</th>");
        }
        html.append("<th>max</th><th>round trips</th></tr>\n");
        for (final LatencyRow row : rows)
        {
            html.append(row.library().isSubject() ? "<tr class=\"subject\">" : "<tr>")
                .append("<td><span style=\"color:").append(color(row)).append("\">&#9632;</span> ")
                .append(Format.html(row.library().displayName())).append("</td>");
            for (final double p : LatencyRow.PERCENTILES)
            {
                html.append("<td>").append(Format.micros(row.at(p))).append("</td>");
            }
            html.append("<td>").append(Format.micros(row.total().getMaxValue())).append("</td><td>")
                .append(String.format(Locale.ROOT, "%,d", row.total().getTotalCount())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }
}
