package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.TestDirectory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChannelBenchmarkTest
{
    @Test
    void aShortRunMeasuresEverythingAndLeavesNoFiles() throws Exception
    {
        try (TestDirectory directory = TestDirectory.create())
        {
            final ChannelBenchmark.Result result = ChannelBenchmark.run(
                new ChannelBenchmark.Options(directory.path(), Duration.ofMillis(150), 2000));
            assertTrue(result.smallMessagesPerSecond() > 0);
            assertTrue(result.largeMessagesPerSecond() > 0);
            assertEquals(result.largeMessagesPerSecond() * 1024, result.largeBytesPerSecond(), 1e-3);
            final ChannelBenchmark.Percentiles rtt = result.roundTripNanos();
            assertEquals(2000, rtt.samples());
            assertTrue(0 < rtt.p50() && rtt.p50() <= rtt.p99() && rtt.p99() <= rtt.p999() && rtt.p999() <= rtt.max());
            assertTrue(result.toString().contains("round trip: p50 "));
            try (Stream<?> files = Files.list(directory.path()))
            {
                assertEquals(0, files.count(), "the benchmark deletes its channel files");
            }
        }
    }

    @Test
    void badOptionsAreRefused()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new ChannelBenchmark.Options(java.nio.file.Path.of("/tmp"), Duration.ZERO, 10));
        assertThrows(IllegalArgumentException.class,
            () -> new ChannelBenchmark.Options(java.nio.file.Path.of("/tmp"), Duration.ofSeconds(1), 0));
    }
}
