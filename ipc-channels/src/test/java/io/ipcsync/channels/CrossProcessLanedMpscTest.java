package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.JavaProcess;
import io.ipcsync.core.TestDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MPSC with lanes between real JVMs: each producer process writes its own lane, every message
 * arrives once and in its producer's order; a producer killed between claim and commit holds up
 * nobody, and the next producer takes its lane over.
 */
class CrossProcessLanedMpscTest
{
    private static final int CAPACITY = 256 * 1024;
    private static final int LANES = 4;

    private TestDirectory directory;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
    }

    @AfterEach
    void tearDown() throws InterruptedException
    {
        for (final Process child : children)
        {
            child.destroyForcibly().waitFor();
        }
        directory.close();
    }

    private Process startProducer(final Class<?> main, final String name, final int id, final long count) throws IOException
    {
        final Process process = JavaProcess.start(main, directory.path().toString(), name, Integer.toString(id),
            Long.toString(count), Integer.toString(CAPACITY), Integer.toString(LANES));
        children.add(process);
        return process;
    }

    private static String firstLine(final Process process) throws IOException
    {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    private ChannelBuilder channel(final String name)
    {
        return Channels.mpsc(name).directory(directory.path()).capacity(CAPACITY).lanes(LANES)
            .livenessInterval(Duration.ofMillis(20));
    }

    /** Checks each message's content and its producer's order; counts per producer (the type id). */
    private static final class Checker implements MessageHandler
    {
        private final MessagePattern pattern = MessagePattern.create();
        final long[] next = new long[LANES];

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int index, final int length)
        {
            final long seq = length == 8 ? buffer.getLong(index) : pattern.verify(buffer, index, length);
            if (seq != next[typeId])
            {
                throw new AssertionError("producer " + typeId + ": expected message " + next[typeId] + ", got " + seq);
            }
            next[typeId]++;
        }
    }

    /** Polls until the status is negative, at most a minute; returns it. */
    private static int drain(final ChannelConsumer consumer, final MessageHandler handler)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status;
        while ((status = consumer.poll(handler, 256)) >= 0)
        {
            assertTrue(System.nanoTime() < deadline, "the channel did not close");
            if (status == 0)
            {
                Thread.yield();
            }
        }
        return status;
    }

    @Test
    @Timeout(120)
    void fourProducerProcessesDeliverEveryMessageOnceInTheirOrder() throws Exception
    {
        final long count = 1_000_000;
        final Checker checker = new Checker();
        try (ChannelConsumer consumer = channel("four").consumer())
        {
            final List<Process> processes = new ArrayList<>();
            for (int id = 0; id < LANES; id++)
            {
                processes.add(startProducer(MpscChildProducer.class, "four", id, count));
            }
            for (final Process process : processes)
            {
                assertEquals("ready", firstLine(process), "child did not start");
            }
            assertEquals(ChannelConsumer.CLOSED, drain(consumer, checker));
            for (final Process process : processes)
            {
                assertEquals(0, process.waitFor());
            }
        }
        for (int id = 0; id < LANES; id++)
        {
            assertEquals(count, checker.next[id], "producer " + id);
        }
    }

    @Test
    @Timeout(120)
    void aProducerKilledBetweenClaimAndCommitHoldsUpNobodyAndItsLaneIsTakenOver() throws Exception
    {
        final long count = 200_000;
        final Checker checker = new Checker();
        try (ChannelConsumer consumer = channel("claim-then-die").consumer())
        {
            final Process claimer = startProducer(MpscChildClaimer.class, "claim-then-die", 0, 1000);
            assertEquals("claimed", firstLine(claimer), "child did not claim");
            final List<Process> others = new ArrayList<>();
            for (int id = 1; id <= 2; id++)
            {
                others.add(startProducer(MpscChildProducer.class, "claim-then-die", id, count));
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (checker.next[1] < count || checker.next[2] < count)
            {
                assertTrue(System.nanoTime() < deadline, "the others' messages did not all come");
                consumer.poll(checker, 256);
            }
            assertTrue(claimer.isAlive(), "the others flowed past the open claim of a live producer");
            assertEquals(1000, checker.next[0], "every committed message of the claimer");

            claimer.destroyForcibly().waitFor(); // SIGKILL with the claim open
            final Process heir = startProducer(MpscChildProducer.class, "claim-then-die", 3, 1000);
            assertEquals("ready", firstLine(heir), "child did not start");
            assertEquals(ChannelConsumer.CLOSED, drain(consumer, checker), "the heir closed the lane it took over");
            for (final Process process : List.of(others.get(0), others.get(1), heir))
            {
                assertEquals(0, process.waitFor());
            }
        }
        assertEquals(1000, checker.next[0], "nothing of the open claim, nothing twice");
        assertEquals(count, checker.next[1]);
        assertEquals(count, checker.next[2]);
        assertEquals(1000, checker.next[3]);
    }
}
