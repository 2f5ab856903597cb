package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ipcsync.core.ChannelFileException;
import io.ipcsync.core.ChildJvms;
import io.ipcsync.core.JavaProcess;
import io.ipcsync.core.ProcessLiveness;
import io.ipcsync.core.TestDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two JVMs that share {@code /dev/shm} but not their pid namespace, as two containers with a shared
 * IPC namespace and their own pids: the second JVM runs under {@code unshare --pid --fork
 * --mount-proc} (root, or a user namespace, is needed; the test is skipped where that fails). Pids
 * mean nothing across namespaces, so a party would take a live peer for dead; opening is refused
 * instead, in both directions, with both namespaces in the message, and the side already attached
 * goes on.
 */
class PidNamespaceTest
{
    private static final List<String> OWN_PID_NAMESPACE = List.of("unshare", "--pid", "--fork", "--mount-proc");

    private TestDirectory directory;
    private ChildJvms children;

    @BeforeEach
    void setUp() throws Exception
    {
        assumeTrue(ProcessLiveness.currentPidNamespace() != 0, "no /proc/self/ns/pid here");
        assumeTrue(unshareWorks(), "cannot start a process in a pid namespace of its own here (unshare --pid)");
        directory = TestDirectory.create();
        children = new ChildJvms();
    }

    @AfterEach
    void tearDown()
    {
        if (children != null)
        {
            children.close();
        }
        if (directory != null)
        {
            directory.close();
        }
    }

    private static boolean unshareWorks() throws InterruptedException
    {
        try
        {
            final Process probe = new ProcessBuilder(concat(OWN_PID_NAMESPACE, List.of("true")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private Process startInOwnPidNamespace(final String... args) throws IOException
    {
        final ProcessBuilder builder = JavaProcess.builder(OtherPidNamespaceChild.class, args);
        builder.command(concat(OWN_PID_NAMESPACE, builder.command()));
        return children.start(builder);
    }

    private static List<String> concat(final List<String> first, final List<String> second)
    {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }

    @Test
    @Timeout(60)
    void aConsumerInAnotherPidNamespaceIsRefusedAndTheProducerGoesOn() throws Exception
    {
        final ChannelBuilder channel = Channels.spsc("namespaces").directory(directory.path()).capacity(1 << 16);
        try (ChannelProducer producer = channel.producer())
        {
            assertTrue(producer.offerLong(1, 1));
            final Process child = startInOwnPidNamespace("consume", directory.path().toString(), "namespaces");
            final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not end");
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.startsWith("refused: ") &&
                output.contains("created in pid namespace " + ProcessLiveness.currentPidNamespace() + ", but this process is in "),
                output);
            assertTrue(output.contains("--pid=container:"), output);

            // the consumer never attached: the producer fills the ring and waits, as for any late consumer
            try (ChannelConsumer consumer = channel.consumer())
            {
                final long[] received = {0};
                assertEquals(1, consumer.poll((type, buffer, index, length) -> received[0] = buffer.getLong(index), 16));
                assertEquals(1, received[0]);
            }
        }
    }

    @Test
    @Timeout(60)
    void aChannelCreatedInAnotherPidNamespaceIsRefusedHere() throws Exception
    {
        final Process child = startInOwnPidNamespace("produce", directory.path().toString(), "created-elsewhere");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
        {
            assertEquals("ready", lines.readLine(), "the child did not create the channel");
            final ChannelBuilder channel = Channels.spsc("created-elsewhere").directory(directory.path());
            final ChannelFileException ex = assertThrows(ChannelFileException.class, channel::consumer);
            assertTrue(ex.getMessage().contains("but this process is in " + ProcessLiveness.currentPidNamespace()),
                ex.getMessage());
            child.getOutputStream().close(); // the child closes its producer and ends
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not end");
            assertEquals(0, child.exitValue());
        }
    }
}
