package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.IpcsyncException;
import io.ipcsync.core.ChildJvms;
import io.ipcsync.core.TestDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPMC and MPMC between real JVMs: every message reaches exactly one consumer, intact and in each
 * producer's order; a producer killed between claim and commit, or a consumer killed mid-stream,
 * does not stop the others. Consumer processes count what they got in mapped result files
 * ({@link MpmcChildConsumer}), which survive their SIGKILL.
 */
class CrossProcessMpmcTest
{
    /** Messages per producer in the flow tests. */
    private static final int PER_PRODUCER = 1_000_000;

    private TestDirectory directory;
    private final ChildJvms children = new ChildJvms();
    private final Map<Process, BufferedReader> readers = new HashMap<>();

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
    }

    @AfterEach
    void tearDown()
    {
        children.close();
        directory.close();
    }

    private Process start(final Class<?> main, final String... args) throws IOException
    {
        return children.start(main, args);
    }

    private void expectLine(final Process process, final String expected) throws IOException
    {
        final BufferedReader reader = readers.computeIfAbsent(process,
            p -> new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        assertEquals(expected, reader.readLine(), "child " + process.pid());
    }

    private static void go(final Process producer) throws IOException
    {
        final OutputStream stdin = producer.getOutputStream();
        stdin.write('\n');
        stdin.flush();
    }

    private Process consumer(final ChannelMode mode, final String name, final int index, final int producers, final int per,
        final String... extra) throws IOException
    {
        final List<String> args = new ArrayList<>(List.of(directory.path().toString(), name, mode.name(),
            result(index).toString(), Integer.toString(producers), Integer.toString(per)));
        args.addAll(List.of(extra));
        final Process consumer = start(MpmcChildConsumer.class, args.toArray(new String[0]));
        expectLine(consumer, "ready");
        return consumer;
    }

    private Path result(final int consumer)
    {
        return directory.resolve("result-" + consumer);
    }

    private byte[] counts(final int consumer) throws IOException
    {
        return Files.readAllBytes(result(consumer));
    }

    private static void awaitExit(final Process process, final long seconds) throws InterruptedException
    {
        assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "child " + process.pid() + " did not finish");
        assertEquals(0, process.exitValue(), "child " + process.pid() + " failed");
    }

    @Test
    @Timeout(240)
    void mpmcFourProducerProcessesTwoConsumerProcessesEveryMessageExactlyOnce() throws Exception
    {
        flow(ChannelMode.MPMC, 4, 2);
    }

    @Test
    @Timeout(240)
    void spmcOneProducerProcessThreeConsumerProcessesEveryMessageExactlyOnce() throws Exception
    {
        flow(ChannelMode.SPMC, 1, 3);
    }

    private void flow(final ChannelMode mode, final int producerCount, final int consumerCount) throws Exception
    {
        final String name = "flow-" + mode;
        final List<Process> consumers = new ArrayList<>();
        for (int c = 0; c < consumerCount; c++)
        {
            consumers.add(consumer(mode, name, c, producerCount, PER_PRODUCER));
        }
        final List<Process> producers = new ArrayList<>();
        for (int p = 0; p < producerCount; p++)
        {
            final Process producer = start(MpmcChildProducer.class, directory.path().toString(), name, mode.name(),
                Integer.toString(p), Integer.toString(PER_PRODUCER));
            expectLine(producer, "ready");
            producers.add(producer);
        }
        final long start = System.nanoTime();
        for (final Process producer : producers)
        {
            go(producer);
        }
        for (final Process process : producers)
        {
            awaitExit(process, 180);
        }
        for (final Process process : consumers)
        {
            awaitExit(process, 60);
            expectLine(process, "status " + ChannelConsumer.CLOSED);
        }
        System.out.printf("%s %d producer x %d consumer processes: %,d messages in %d ms%n", mode, producerCount,
            consumerCount, (long)producerCount * PER_PRODUCER, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        final int[] perConsumer = new int[consumerCount];
        final byte[][] counts = new byte[consumerCount][];
        for (int c = 0; c < consumerCount; c++)
        {
            counts[c] = counts(c);
        }
        for (int i = 0; i < producerCount * PER_PRODUCER; i++)
        {
            int total = 0;
            for (int c = 0; c < consumerCount; c++)
            {
                total += counts[c][i];
                perConsumer[c] += counts[c][i];
            }
            if (total != 1)
            {
                throw new AssertionError("producer " + i / PER_PRODUCER + " message " + i % PER_PRODUCER + " arrived " +
                    total + " times");
            }
        }
        for (int c = 0; c < consumerCount; c++)
        {
            assertTrue(perConsumer[c] > 0, "consumer " + c + " got nothing: " + java.util.Arrays.toString(perConsumer));
        }
    }

    @Test
    @Timeout(120)
    void aProducerKilledBetweenClaimAndCommitDoesNotStopTheOthers() throws Exception
    {
        final String name = "claim-then-die";
        final int per = 20_000;
        final ChannelBuilder channel = Channels.mpmc(name).directory(directory.path())
            .livenessInterval(Duration.ofMillis(20)).claimTimeout(Duration.ofSeconds(60));
        try (ChannelConsumer first = channel.consumer(); ChannelConsumer second = channel.consumer())
        {
            final Process claimer = start(MpmcChildClaimer.class, directory.path().toString(), name, "MPMC", "0", "100");
            expectLine(claimer, "claimed");
            final List<Process> producers = new ArrayList<>();
            for (int p = 1; p <= 2; p++)
            {
                final Process producer = start(MpmcChildProducer.class, directory.path().toString(), name, "MPMC",
                    Integer.toString(p), Integer.toString(per));
                expectLine(producer, "ready");
                producers.add(producer);
            }
            producers.forEach(producer -> goQuietly(producer));
            final BitSet[] got = {new BitSet(), new BitSet(), new BitSet()};
            final MessageHandler[] handlers = exactlyOnceInProducerOrder(got, 2);
            // the claim holds everything up while its producer lives
            pollEach(first, second, handlers, 2000);
            assertEquals(100, got[0].cardinality() + got[1].cardinality() + got[2].cardinality());
            claimer.destroyForcibly().waitFor();
            final int[] statuses = pollUntilBothEnd(first, second, handlers);
            assertEquals(ChannelConsumer.PEER_DEAD, statuses[0], "the claimer died, the others closed");
            assertEquals(ChannelConsumer.PEER_DEAD, statuses[1]);
            assertEquals(100, got[0].cardinality(), "every committed message of the claimer, not its claim");
            assertEquals(per, got[1].cardinality());
            assertEquals(per, got[2].cardinality());
            for (final Process producer : producers)
            {
                awaitExit(producer, 30);
            }
        }
    }

    @Test
    @Timeout(120)
    void anSpmcProducerKilledBetweenClaimAndCommitIsReplacedAndNothingCommittedIsLost() throws Exception
    {
        final String name = "spmc-claim-then-die";
        final int per = 20_000;
        final ChannelBuilder channel = Channels.spmc(name).directory(directory.path())
            .livenessInterval(Duration.ofMillis(20)).claimTimeout(Duration.ofSeconds(60));
        try (ChannelConsumer first = channel.consumer(); ChannelConsumer second = channel.consumer())
        {
            final Process claimer = start(MpmcChildClaimer.class, directory.path().toString(), name, "SPMC", "0", "100");
            expectLine(claimer, "claimed");
            final IpcsyncException refused = assertThrows(IpcsyncException.class, channel::producer);
            assertTrue(refused.getMessage().contains("already has a live producer"), refused.getMessage());

            final BitSet[] got = {new BitSet(), new BitSet()};
            final MessageHandler[] handlers = exactlyOnceInProducerOrder(got, 2);
            pollEach(first, second, handlers, 2000);
            assertEquals(100, got[0].cardinality(), "the claimer's committed messages; its open claim holds up the rest");

            claimer.destroyForcibly().waitFor();
            final Process replacement = start(MpmcChildProducer.class, directory.path().toString(), name, "SPMC", "1",
                Integer.toString(per));
            expectLine(replacement, "ready");
            go(replacement);
            final int[] statuses = pollUntilBothEnd(first, second, handlers);
            assertEquals(ChannelConsumer.CLOSED, statuses[0], "the replacement took the dead producer's place, then closed");
            assertEquals(ChannelConsumer.CLOSED, statuses[1]);
            assertEquals(100, got[0].cardinality(), "every committed message of the claimer, not its claim");
            assertEquals(per, got[1].cardinality(), "every message of the replacement");
            awaitExit(replacement, 30);
        }
    }

    /**
     * Returns a handler per consumer that checks each pattern message, that each consumer sees a
     * producer's messages (the producer id is the type) in that producer's order, and that no
     * message arrives twice, marking each in {@code got[type]}.
     */
    private static MessageHandler[] exactlyOnceInProducerOrder(final BitSet[] got, final int consumers)
    {
        final MessagePattern pattern = MessagePattern.create();
        final MessageHandler[] handlers = new MessageHandler[consumers];
        for (int c = 0; c < consumers; c++)
        {
            final long[] last = new long[got.length];
            Arrays.fill(last, -1);
            handlers[c] = (type, buffer, index, length) ->
            {
                final long seq = pattern.verify(buffer, index, length);
                assertTrue(seq > last[type], "producer " + type + ": " + seq + " after " + last[type]);
                last[type] = seq;
                assertFalse(got[type].get((int)seq), "producer " + type + " message " + seq + " twice");
                got[type].set((int)seq);
            };
        }
        return handlers;
    }

    private static void pollEach(final ChannelConsumer first, final ChannelConsumer second,
        final MessageHandler[] handlers, final int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            first.poll(handlers[0], 64);
            second.poll(handlers[1], 64);
        }
    }

    /** Polls both consumers until each returns an end status (within 50 s), and returns the two statuses. */
    private static int[] pollUntilBothEnd(final ChannelConsumer first, final ChannelConsumer second,
        final MessageHandler[] handlers)
    {
        final long start = System.nanoTime();
        final int[] statuses = {0, 0};
        while (statuses[0] >= 0 || statuses[1] >= 0)
        {
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(50), "did not flow on after the kill");
            if (statuses[0] >= 0)
            {
                statuses[0] = first.poll(handlers[0], 64);
            }
            if (statuses[1] >= 0)
            {
                statuses[1] = second.poll(handlers[1], 64);
            }
        }
        return statuses;
    }

    private static void goQuietly(final Process producer)
    {
        try
        {
            go(producer);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    @Timeout(120)
    void spmcConsumerProcessKilledMidStreamLosesAtMostItsMessageInHand() throws Exception
    {
        consumerKilled(ChannelMode.SPMC, 1, false);
    }

    @Test
    @Timeout(120)
    void mpmcConsumerProcessKilledMidStreamLosesAtMostItsMessageInHand() throws Exception
    {
        consumerKilled(ChannelMode.MPMC, 2, false);
    }

    @Test
    @Timeout(120)
    void spmcConsumerProcessKilledInsideItsHandlerLosesThatMessageOnlyAndTheProducerGoesOn() throws Exception
    {
        consumerKilled(ChannelMode.SPMC, 1, true);
    }

    @Test
    @Timeout(120)
    void mpmcConsumerProcessKilledInsideItsHandlerLosesThatMessageOnlyAndTheProducersGoOn() throws Exception
    {
        consumerKilled(ChannelMode.MPMC, 2, true);
    }

    @Test
    @Timeout(180)
    void spmcConsumerProcessesKilledOverAndOverLoseAtMostOneMessageEachAndDeliverNothingTwice() throws Exception
    {
        consumersKilledOverAndOver(ChannelMode.SPMC, 1);
    }

    @Test
    @Timeout(180)
    void mpmcConsumerProcessesKilledOverAndOverLoseAtMostOneMessageEachAndDeliverNothingTwice() throws Exception
    {
        consumersKilledOverAndOver(ChannelMode.MPMC, 2);
    }

    /**
     * Two consumer places, each a process that is SIGKILLed at random moments, 16 times in all, and
     * replaced by a new process, while producer threads here stream messages (half a million a second
     * each, so that they send until stopped after the last kill) through a ring that laps many times: every kill leaves a party slot and often a taken slot for the producers and the
     * next consumers to reclaim. Each consumer process counts what it was handed in a file of its own,
     * and checks every message and each producer's order. In the end every message was handed over at
     * most once, and no more are missing than there were kills (the one a consumer had taken but not yet
     * counted when killed).
     */
    private void consumersKilledOverAndOver(final ChannelMode mode, final int producerCount) throws Exception
    {
        final String name = "chaos-" + mode;
        final int per = 8_000_000;
        final int kills = 16;
        final ChannelBuilder channel = MpmcChildProducer.builder(directory.path().toString(), name, mode.name())
            .livenessInterval(Duration.ofMillis(20));
        final Process[] places = new Process[2];
        int incarnations = 0;
        for (int place = 0; place < places.length; place++)
        {
            places[place] = consumer(mode, name, incarnations++, producerCount, per);
        }
        final ProducerThreads producers = new ProducerThreads(channel, producerCount, per, 500_000);
        final SplittableRandom random = new SplittableRandom();
        for (int kill = 0; kill < kills; kill++)
        {
            Thread.sleep(100 + random.nextInt(300));
            final int place = random.nextInt(places.length);
            places[place].destroyForcibly().waitFor();
            places[place] = consumer(mode, name, incarnations++, producerCount, per);
        }
        final long[] sent = producers.stop();
        for (final Process last : places)
        {
            awaitExit(last, 60);
            expectLine(last, "status " + ChannelConsumer.CLOSED);
        }

        final byte[] handedOver = new byte[producerCount * per];
        for (int incarnation = 0; incarnation < incarnations; incarnation++)
        {
            final byte[] counts = counts(incarnation);
            for (int i = 0; i < counts.length; i++)
            {
                handedOver[i] += counts[i];
            }
        }
        long missing = 0;
        long total = 0;
        for (int p = 0; p < producerCount; p++)
        {
            for (int seq = 0; seq < per; seq++)
            {
                final int times = handedOver[p * per + seq];
                assertTrue(times <= (seq < sent[p] ? 1 : 0), "producer " + p + " message " + seq + " handed over " +
                    times + " times (" + sent[p] + " sent)");
                missing += seq < sent[p] ? 1 - times : 0;
                total += times;
            }
        }
        for (int p = 0; p < producerCount; p++)
        {
            assertTrue(sent[p] > 0 && sent[p] < per, "producer " + p + " sent " + sent[p] + ": it should have been " +
                "sending all along, to be stopped after the last kill");
        }
        assertTrue(missing <= kills, missing + " messages lost in " + kills + " kills of consumers; at most one each");
    }

    /**
     * Producer threads here, two consumer processes. The victim starts alone (so it surely takes
     * messages), the survivor joins, then the victim is SIGKILLed: at a random point, or
     * ({@code inHandler}) while its handler holds a message, whose slot the producers meet on their
     * next lap and must free. The producers go on until the survivor has taken plenty after the
     * kill. The message the killed consumer had in hand was delivered to it (counted when its
     * handler started) and is lost with it; when killed at a random point, one message it had taken
     * but not yet counted may be missing.
     */
    private void consumerKilled(final ChannelMode mode, final int producerCount, final boolean inHandler) throws Exception
    {
        final String name = "killed-consumer-" + mode;
        final int per = 2_000_000;
        final ChannelBuilder channel = MpmcChildProducer.builder(directory.path().toString(), name, mode.name())
            .livenessInterval(Duration.ofMillis(20));
        final Process victim = inHandler ? consumer(mode, name, 0, producerCount, per, "500") :
            consumer(mode, name, 0, producerCount, per);
        final ProducerThreads producers = new ProducerThreads(channel, producerCount, per);
        if (inHandler)
        {
            expectLine(victim, "holding");
        }
        else
        {
            awaitCount(0, 1_000);
        }
        final Process survivor = consumer(mode, name, 1, producerCount, per);
        awaitCount(1, 500);
        Thread.sleep(new SplittableRandom().nextInt(50));
        victim.destroyForcibly().waitFor();
        awaitCount(1, countOf(counts(1)) + 20_000); // the producers go on past the killed consumer's slot
        final long[] sent = producers.stop();
        awaitExit(survivor, 60);
        expectLine(survivor, "status " + ChannelConsumer.CLOSED);
        final byte[] killed = counts(0);
        final byte[] survived = counts(1);
        int missing = 0;
        for (int p = 0; p < producerCount; p++)
        {
            for (int seq = 0; seq < per; seq++)
            {
                final int i = p * per + seq;
                final int total = killed[i] + survived[i];
                assertTrue(total <= (seq < sent[p] ? 1 : 0), "producer " + p + " message " + seq + " delivered " +
                    total + " times (" + sent[p] + " sent)");
                missing += seq < sent[p] ? 1 - total : 0;
            }
        }
        assertTrue(missing <= (inHandler ? 0 : 1), missing + " messages lost; at most one the killed consumer had " +
            "taken but not yet counted may be");
    }

    private void awaitCount(final int consumer, final int count) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (countOf(counts(consumer)) < count)
        {
            assertTrue(System.nanoTime() < deadline, "consumer " + consumer + " did not reach " + count + " messages");
            Thread.sleep(1);
        }
    }

    /**
     * Producer threads of {@link #consumerKilled} and {@link #consumersKilledOverAndOver}: each sends
     * pattern messages of random length, its id as the type and its sequence first, until it has
     * sent {@code per} or is stopped.
     */
    private static final class ProducerThreads
    {
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final long[] sent;
        private final List<Thread> threads = new ArrayList<>();

        ProducerThreads(final ChannelBuilder channel, final int producerCount, final int per)
        {
            this(channel, producerCount, per, Long.MAX_VALUE);
        }

        /** With a pace: each producer sends at most {@code perSecond} messages a second. */
        ProducerThreads(final ChannelBuilder channel, final int producerCount, final int per, final long perSecond)
        {
            sent = new long[producerCount];
            for (int p = 0; p < producerCount; p++)
            {
                final ChannelProducer producer = channel.producer();
                final int producerId = p;
                final Thread thread = new Thread(() ->
                {
                    final SplittableRandom random = new SplittableRandom(producerId);
                    final MessagePattern pattern = MessagePattern.create();
                    final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MessagePattern.MAX_LENGTH]);
                    final long start = System.nanoTime();
                    try (producer)
                    {
                        long seq = 0;
                        while (seq < per && !stop.get())
                        {
                            if (perSecond != Long.MAX_VALUE && seq > (System.nanoTime() - start) / 1_000_000_000.0 * perSecond)
                            {
                                Thread.yield();
                                continue;
                            }
                            final int length = Math.min(MessagePattern.randomLength(random), producer.maxMessageLength());
                            pattern.write(scratch, 0, seq, length);
                            if (producer.offer(producerId, scratch, 0, length))
                            {
                                seq++;
                            }
                            else
                            {
                                Thread.yield();
                            }
                        }
                        sent[producerId] = seq;
                    }
                });
                thread.setUncaughtExceptionHandler((t, ex) -> failure.compareAndSet(null, ex));
                threads.add(thread);
                thread.start();
            }
        }

        /** Stops the producers (each closes its side) and returns how many messages each sent. */
        long[] stop() throws InterruptedException
        {
            stop.set(true);
            for (final Thread thread : threads)
            {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertFalse(thread.isAlive(), "a producer wedged");
            }
            if (failure.get() != null)
            {
                throw new AssertionError("a producer failed", failure.get());
            }
            return sent;
        }
    }

    private static int countOf(final byte[] counts)
    {
        int total = 0;
        for (final byte count : counts)
        {
            total += count;
        }
        return total;
    }
}
