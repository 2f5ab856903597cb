package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ipcsync.core.ChildJvms;
import io.ipcsync.core.JavaProcess;
import io.ipcsync.core.TestDirectory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random damage to a live channel file, every mode, in a child JVM ({@link CorruptionFuzzChild}):
 * no call may crash the JVM, run out of bounds, or never return; each returns, or throws an
 * ipcsync exception or an {@code IllegalStateException} naming the file. It found a subscriber that
 * waited for ever on a damaged broadcast file (joining, and after a lap) and a shared-ring MPSC
 * producer that wrote at an unaligned tail.
 *
 * <p>1,500 rounds per mode by default, from a fixed seed per mode; a longer run:
 * {@code -Dipcsync.fuzz.rounds=20000 -Dipcsync.fuzz.seed=100000}. A failure names the round's seed,
 * and the child rerun with that seed and one round repeats it.
 */
class CorruptionFuzzTest
{
    private static final int ROUNDS = Integer.getInteger("ipcsync.fuzz.rounds", 1_500);
    private static final long SEED = Long.getLong("ipcsync.fuzz.seed", 1_000);
    /** Far more than the rounds take (a few seconds per mode on 2 cores): past it, a call never returned. */
    private static final long TIMEOUT_SECONDS = 60 + ROUNDS / 50;

    private TestDirectory directory;
    private ChildJvms children;

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
        children = new ChildJvms();
    }

    @AfterEach
    void tearDown()
    {
        children.close();
        directory.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SPSC", "MPSC", "MPSC-SHARED", "SPMC", "MPMC", "BROADCAST"})
    void everyCallReturnsOrThrowsAClearExceptionWhateverTheDamage(final String mode) throws IOException, InterruptedException
    {
        final File output = directory.resolve("fuzz-output.txt").toFile();
        final Process child = children.start(JavaProcess.builder(CorruptionFuzzChild.class,
            directory.path().toString(), mode, Long.toString(SEED), Integer.toString(ROUNDS)).redirectOutput(output));
        final boolean ended = child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        final List<String> lines = Files.readAllLines(output.toPath());
        final String last = lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1);
        if (!ended)
        {
            fail("a call never returned: the child was still at \"" + last + "\" after " + TIMEOUT_SECONDS + " s");
        }
        assertEquals(0, child.exitValue(), String.join("\n", lines));
        assertTrue(last.startsWith("done; calls that threw: "), last);
    }
}
