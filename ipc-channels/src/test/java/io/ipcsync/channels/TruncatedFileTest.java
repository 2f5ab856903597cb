package io.ipcsync.channels;

import static io.ipcsync.channels.TruncatedFileChild.MEMORY_FAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ChildJvms;
import io.ipcsync.core.TestDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A channel file truncated by another program while both sides have it mapped (in a child JVM,
 * {@link TruncatedFileChild}, so that a crash fails this test rather than ending the test run).
 * What the README promises: the next access to a page that is gone throws
 * {@code InternalError} and the JVM goes on; closing still unmaps the file; reopening it is refused
 * as truncated, with the lengths; after deleting it the channel is created anew.
 *
 * <p>Run from JDK 25 on, where HotSpot raises the {@code InternalError} in the call that touched
 * the page. JDK 17's HotSpot (17.0.15 here) does not: it raises it later, in whatever call comes
 * next, so a close may throw before it unmaps (the mapping goes when the channel is collected), and
 * an interpreted {@code Unsafe} compare-and-set (the slot rings of SPMC and MPMC) is not guarded
 * at all: the JVM ends with SIGBUS. The README says so.
 */
class TruncatedFileTest
{
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

    @ParameterizedTest(name = "{0} truncated to {1} bytes")
    @CsvSource({
        "SPSC, 0", "SPSC, 4096",
        "BROADCAST, 0", "BROADCAST, 4096",
        "MPSC, 0", "MPSC, 4096",
        "SPMC, 0", "SPMC, 4096",
        "MPMC, 0", "MPMC, 4096"})
    @Timeout(60)
    void theJvmLivesClosingUnmapsAndTheFileIsRefusedUntilDeleted(final ChannelMode mode, final long length)
        throws IOException, InterruptedException
    {
        assumeTrue(Runtime.version().feature() >= 25, "JDK 17 raises the fault late, or not at all (see the class comment)");
        final Process child = children.start(TruncatedFileChild.class, directory.path().toString(), mode.name(),
            Long.toString(length));
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not end");
        final List<String> lines = output.lines().toList();
        assertEquals(0, child.exitValue(), "the child JVM died:\n" + output);
        assertEquals(9, lines.size(), output);
        assertEquals("exchanged 1000", lines.get(0));
        assertEquals("offer: " + MEMORY_FAULT, lines.get(1));
        if (length == 0)
        {
            assertEquals("poll: " + MEMORY_FAULT, lines.get(2));
        }
        for (final String closing : lines.subList(3, 5))
        {
            assertTrue(closing.endsWith(": returned closed") || closing.endsWith(": " + MEMORY_FAULT), closing);
        }
        assertEquals("still mapped: false", lines.get(5));
        assertTrue(lines.get(6).startsWith("reopen: ChannelFileException: ") && lines.get(6).contains("truncated"),
            lines.get(6));
        assertEquals("recreated, exchanged 10", lines.get(7));
        assertEquals("survived", lines.get(8));
    }
}
