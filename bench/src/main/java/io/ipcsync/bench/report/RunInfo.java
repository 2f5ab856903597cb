package io.ipcsync.bench.report;

import java.util.List;

/**
 * What a comparison run was: shown at the top of every report.
 *
 * @param mode          smoke, short or full.
 * @param started       start time, ISO-8601.
 * @param environment   JVM, OS and CPUs, one line.
 * @param loadAtStart   the system load average when the run started.
 * @param jmhSettings   forks, iterations and times of the JMH part.
 * @param latencySettings warm-up, round trips, rounds and message size of the latency part.
 * @param notes         anything that went wrong or the reader must know.
 */
public record RunInfo(
    String mode, String started, String environment, String loadAtStart, String jmhSettings, String latencySettings,
    List<String> notes)
{
}
