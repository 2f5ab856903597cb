package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.JavaProcess;
import io.ipcsync.core.PeerDeadException;
import io.ipcsync.core.TestDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MPSC between real JVMs: many producer processes to one consumer, every committed message
 * once and in order per producer; a producer killed between claim and commit does not wedge the
 * channel; a killed consumer is reported to the producers. The same with lanes, where a killed
 * claimer holds up nobody and the next producer takes its lane over, and a claimer killed in the
 * overflow ring (every lane held) holds up only that ring until it is skipped.
 */
class CrossProcessMpscTest
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

    private Process start(final Class<?> main, final String... args) throws IOException
    {
        final Process process = JavaProcess.start(main, args);
        children.add(process);
        return process;
    }

    private static String firstLine(final Process process) throws IOException
    {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    /** Checks each message's content and its producer's order; counts per producer (the type id). */
    private static final class Checker implements MessageHandler
    {
        private final MessagePattern pattern = MessagePattern.create();
        final long[] next;

        Checker()
        {
            this(16);
        }

        Checker(final int producers)
        {
            next = new long[producers];
        }

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

    @Test
    @Timeout(120)
    void fourProducerProcessesDeliverEveryMessageOnceInTheirOrder() throws Exception
    {
        final int producers = 4;
        final long count = 1_000_000;
        final ChannelBuilder channel = Channels.mpsc("four").directory(directory.path()).capacity(CAPACITY).lanes(0);
        final Checker checker = new Checker();
        try (ChannelConsumer consumer = channel.consumer())
        {
            final List<Process> processes = new ArrayList<>();
            for (int id = 0; id < producers; id++)
            {
                processes.add(start(MpscChildProducer.class, directory.path().toString(), "four", Integer.toString(id),
                    Long.toString(count), Integer.toString(CAPACITY)));
            }
            for (final Process process : processes)
            {
                assertEquals("ready", firstLine(process), "child did not start");
            }
            int status;
            while ((status = consumer.poll(checker, 256)) >= 0)
            {
                if (status == 0)
                {
                    Thread.yield();
                }
            }
            assertEquals(ChannelConsumer.CLOSED, status);
            for (final Process process : processes)
            {
                assertEquals(0, process.waitFor());
            }
        }
        for (int id = 0; id < producers; id++)
        {
            assertEquals(count, checker.next[id], "producer " + id);
        }
    }

    @Test
    @Timeout(120)
    void aProducerKilledBetweenClaimAndCommitDoesNotWedgeTheOthers() throws Exception
    {
        final long count = 200_000;
        final ChannelBuilder channel = Channels.mpsc("claim-then-die").directory(directory.path()).capacity(CAPACITY)
            .lanes(0).livenessInterval(Duration.ofMillis(20)).claimTimeout(Duration.ofMinutes(5));
        final Checker checker = new Checker();
        final List<Long> claimerValues = new ArrayList<>();
        final MessageHandler handler = (type, buffer, index, length) ->
        {
            if (type == 0)
            {
                claimerValues.add(buffer.getLong(index));
            }
            checker.onMessage(type, buffer, index, length);
        };
        try (ChannelConsumer consumer = channel.consumer())
        {
            final Process claimer = start(MpscChildClaimer.class, directory.path().toString(), "claim-then-die", "0", "1000",
                Integer.toString(CAPACITY));
            final AtomicReference<String> claimed = new AtomicReference<>();
            final Thread lineReader = new Thread(() ->
            {
                try
                {
                    claimed.set(String.valueOf(firstLine(claimer)));
                }
                catch (final IOException ex)
                {
                    claimed.set(ex.toString());
                }
            });
            lineReader.start();
            while (claimed.get() == null)
            {
                consumer.poll(handler, 256);
            }
            assertEquals("claimed", claimed.get(), "child did not claim");
            // the others start after the claim: everything they send waits behind it until it is skipped
            final List<Process> others = new ArrayList<>();
            for (int id = 1; id <= 2; id++)
            {
                others.add(start(MpscChildProducer.class, directory.path().toString(), "claim-then-die", Integer.toString(id),
                    Long.toString(count), Integer.toString(CAPACITY)));
            }
            for (final Process other : others)
            {
                assertEquals("ready", firstLine(other), "child did not start");
            }
            final long pauseEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < pauseEnd)
            {
                consumer.poll(handler, 256);
                Thread.yield();
            }
            assertEquals(0, checker.next[1] + checker.next[2], "nothing passes an open claim of a live producer");
            claimer.destroyForcibly().waitFor(); // SIGKILL with the claim open
            final long killed = System.nanoTime();
            int status;
            while ((status = consumer.poll(handler, 256)) >= 0)
            {
                assertTrue(System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(60), "the channel stayed wedged");
                if (status == 0)
                {
                    Thread.yield();
                }
            }
            assertEquals(ChannelConsumer.PEER_DEAD, status, "the claimer died without closing");
            for (final Process other : others)
            {
                assertEquals(0, other.waitFor());
            }
        }
        assertEquals(1000, checker.next[0], "every committed message of the claimer");
        assertEquals(1000, claimerValues.size());
        assertEquals(count, checker.next[1]);
        assertEquals(count, checker.next[2]);
    }

    @Test
    @Timeout(60)
    void aKilledConsumerIsReportedToEveryProducer() throws Exception
    {
        final ChannelBuilder channel = Channels.mpsc("killed-consumer").directory(directory.path()).capacity(64 * 1024)
            .livenessInterval(Duration.ofMillis(20));
        final Process consumer = start(MpscChildConsumer.class, directory.path().toString(), "killed-consumer",
            Integer.toString(64 * 1024));
        assertEquals("ready", firstLine(consumer));
        final List<Thread> threads = new ArrayList<>();
        final List<Throwable> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        final long[] killed = {0};
        for (int t = 0; t < 2; t++)
        {
            final ChannelProducer producer = channel.producer();
            final Thread thread = new Thread(() ->
            {
                final UnsafeBuffer message = new UnsafeBuffer(new byte[32]);
                try (producer)
                {
                    while (true)
                    {
                        producer.send(1, message, 0, 32, 10, TimeUnit.SECONDS, new BackoffIdleStrategy());
                    }
                }
                catch (final Throwable ex)
                {
                    outcomes.add(ex);
                }
            });
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(200);
        consumer.destroyForcibly().waitFor();
        killed[0] = System.nanoTime();
        for (final Thread thread : threads)
        {
            thread.join(TimeUnit.SECONDS.toMillis(20));
        }
        assertTrue(System.nanoTime() - killed[0] < TimeUnit.SECONDS.toNanos(20), "the dead consumer was not reported");
        assertEquals(2, outcomes.size(), outcomes.toString());
        for (final Throwable outcome : outcomes)
        {
            assertTrue(outcome instanceof PeerDeadException, outcome.toString());
            assertEquals(consumer.pid(), ((PeerDeadException)outcome).pid());
        }
    }

    private Process startLaneProducer(final Class<?> main, final String name, final int id, final long count)
        throws IOException
    {
        return startLaneProducer(main, name, id, count, LANES);
    }

    private Process startLaneProducer(final Class<?> main, final String name, final int id, final long count, final int lanes)
        throws IOException
    {
        return start(main, directory.path().toString(), name, Integer.toString(id), Long.toString(count),
            Integer.toString(CAPACITY), Integer.toString(lanes));
    }

    private ChannelBuilder laned(final String name)
    {
        return laned(name, LANES);
    }

    private ChannelBuilder laned(final String name, final int lanes)
    {
        return Channels.mpsc(name).directory(directory.path()).capacity(CAPACITY).lanes(lanes)
            .livenessInterval(Duration.ofMillis(20)).claimTimeout(Duration.ofMinutes(5));
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

    @ParameterizedTest(name = "lanes {0}")
    @ValueSource(ints = {LANES, 2})
    @Timeout(120)
    void withLanesFourProducerProcessesDeliverEveryMessageOnceInTheirOrder(final int lanes) throws Exception
    {
        final long count = 1_000_000;
        final Checker checker = new Checker();
        try (ChannelConsumer consumer = laned("laned-four", lanes).consumer())
        {
            final List<Process> processes = new ArrayList<>();
            for (int id = 0; id < 4; id++) // with 2 lanes, two of them share the overflow ring
            {
                processes.add(startLaneProducer(MpscChildProducer.class, "laned-four", id, count, lanes));
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
        for (int id = 0; id < 4; id++)
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
        try (ChannelConsumer consumer = laned("laned-claim").consumer())
        {
            final Process claimer = startLaneProducer(MpscChildClaimer.class, "laned-claim", 0, 1000);
            assertEquals("claimed", firstLine(claimer), "child did not claim");
            final List<Process> others = new ArrayList<>();
            for (int id = 1; id <= 2; id++)
            {
                others.add(startLaneProducer(MpscChildProducer.class, "laned-claim", id, count));
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
            final Process heir = startLaneProducer(MpscChildProducer.class, "laned-claim", 3, 1000);
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

    @Test
    @Timeout(120)
    void aProducerKilledBetweenClaimAndCommitInTheOverflowRingHoldsUpOnlyThatRing() throws Exception
    {
        final long count = 2_000_000;
        final Checker checker = new Checker();
        try (ChannelConsumer consumer = laned("overflow-claim", 1).consumer())
        {
            // producer 1 takes the only lane and holds it: the consumer does not read yet, so it waits for room
            final Process laneHolder = startLaneProducer(MpscChildProducer.class, "overflow-claim", 1, count, 1);
            assertEquals("ready", firstLine(laneHolder), "child did not start");
            final Process claimer = startLaneProducer(MpscChildClaimer.class, "overflow-claim", 0, 1000, 1);
            assertEquals("claimed", firstLine(claimer), "child did not claim");
            final Process blocked = startLaneProducer(MpscChildProducer.class, "overflow-claim", 2, 200_000, 1);
            assertEquals("ready", firstLine(blocked), "child did not start");

            final long pauseEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < pauseEnd)
            {
                consumer.poll(checker, 256);
            }
            assertEquals(1000, checker.next[0], "every committed message of the claimer");
            assertEquals(0, checker.next[2], "nothing in the overflow ring passes an open claim of a live producer");
            assertTrue(checker.next[1] > 0, "the lane flows past the open claim");

            claimer.destroyForcibly().waitFor(); // SIGKILL with the claim open
            assertEquals(ChannelConsumer.PEER_DEAD, drain(consumer, checker), "the claimer died without closing");
            assertEquals(0, laneHolder.waitFor());
            assertEquals(0, blocked.waitFor());
        }
        assertEquals(1000, checker.next[0], "nothing of the open claim, nothing twice");
        assertEquals(count, checker.next[1]);
        assertEquals(200_000, checker.next[2]);
    }

    @ParameterizedTest(name = "lanes {0}")
    @ValueSource(ints = {2, 0})
    @Timeout(180)
    void producerProcessesKilledOverAndOverLoseNoCommittedMessage(final int lanes) throws Exception
    {
        final String name = "chaos-" + lanes;
        final int places = 3;
        final int kills = 16;
        final Checker checker = new Checker(places + kills);
        final Path progressFile = directory.resolve("progress-" + lanes);
        int status;
        int incarnations = 0;
        try (SequenceSlots progress = SequenceSlots.create(progressFile, places + kills);
            ChannelConsumer consumer = laned(name, lanes).consumer())
        {
            final Process[] running = new Process[places];
            for (int place = 0; place < places; place++)
            {
                running[place] = chaosProducer(name, incarnations++, lanes, progressFile);
            }
            final SplittableRandom random = new SplittableRandom();
            for (int kill = 0; kill <= kills; kill++)
            {
                final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100 + random.nextInt(300));
                while (System.nanoTime() < until)
                {
                    consumer.poll(checker, 256);
                }
                if (kill < kills)
                {
                    final int place = random.nextInt(places);
                    running[place].destroyForcibly().waitFor();
                    running[place] = chaosProducer(name, incarnations++, lanes, progressFile);
                }
            }
            for (final Process last : running)
            {
                last.getOutputStream().close(); // it closes its producer and ends
            }
            status = drain(consumer, checker);
            for (final Process last : running)
            {
                assertEquals(0, last.waitFor(), "producer " + last.pid());
            }
            for (int id = 0; id < incarnations; id++)
            {
                final long committed = Math.max(0, progress.get(id)); // stored after each commit: a lower bound
                assertTrue(checker.next[id] >= committed && checker.next[id] <= committed + 1, "producer " + id +
                    " committed at least " + committed + " messages (one more if killed before storing it), " +
                    checker.next[id] + " arrived");
                assertTrue(id < incarnations - places || checker.next[id] == committed && committed > 0, "producer " +
                    id + " closed after " + committed + " messages, " + checker.next[id] + " arrived");
            }
        }
        assertTrue(status == ChannelConsumer.CLOSED || status == ChannelConsumer.PEER_DEAD, "status " + status);
    }

    private Process chaosProducer(final String name, final int id, final int lanes, final Path progressFile)
        throws IOException
    {
        final Process producer = start(MpscChaosProducer.class, directory.path().toString(), name, Integer.toString(id),
            Integer.toString(CAPACITY), Integer.toString(lanes), progressFile.toString(), "300000");
        assertEquals("ready", firstLine(producer), "producer " + id + " did not start");
        return producer;
    }
}
