package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.ChildJvms;
import io.ipcsync.core.TestDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Broadcast between real JVMs: one producer process and five subscriber processes. Three keep up
 * and get every message once, in order, intact; one is SIGKILLed mid-stream and the others go on;
 * one is slow, is lapped, and is told exactly how many messages it lost. And a producer process
 * SIGKILLed mid-stream, whose place a second producer process takes.
 */
class CrossProcessBroadcastTest
{
    private static final int CAPACITY = 1 << 20;
    private static final long COUNT = 1_000_000;
    /** Messages a paced subscriber may fall behind: 400 records of at most 1 KiB fit well within 1 MiB. */
    private static final int WINDOW = 400;
    /** Messages sent by the producer that takes a dead one's place and then closes. */
    private static final long SUCCESSOR_COUNT = 50_000;
    private static final Pattern RESULT = Pattern.compile("received=(\\d+) lost=(\\d+) laps=(\\d+) next=(\\d+)");

    private TestDirectory directory;
    private final ChildJvms children = new ChildJvms();

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

    @Test
    @Timeout(240)
    void keepersGetAMillionMessagesOnceInOrderWhileOneSubscriberIsKilledAndASlowOneCountsItsLosses() throws Exception
    {
        final int keepers = 3;
        final int victim = keepers;
        final int slow = keepers + 1;
        final Path pacingFile = directory.resolve("pacing");
        final String dir = directory.path().toString();
        try (SequenceSlots pacing = SequenceSlots.create(pacingFile, slow + 1))
        {
            final List<Process> subscribers = new ArrayList<>();
            for (int slot = 0; slot <= slow; slot++)
            {
                subscribers.add(start(BroadcastChildSubscriber.class, dir, "fan-out", Integer.toString(CAPACITY),
                    pacingFile.toString(), Integer.toString(slot), slot == slow ? "5" : "0"));
            }
            // the victim is paced until it dies; the slow one never holds the producer back
            final Process producer = start(BroadcastChildProducer.class, dir, "fan-out", Integer.toString(CAPACITY),
                Long.toString(COUNT), "17", pacingFile.toString(), Integer.toString(slow), Integer.toString(WINDOW));

            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (pacing.get(victim) < COUNT / 5)
            {
                assertTrue(System.nanoTime() < deadline, "the victim did not reach message " + COUNT / 5 + ": at " +
                    pacing.get(victim));
                assertTrue(subscribers.get(victim).isAlive(), "the victim ended by itself");
                Thread.sleep(1);
            }
            subscribers.get(victim).destroyForcibly().waitFor(); // SIGKILL mid-stream
            final long killedAt = pacing.get(victim);
            pacing.set(victim, SequenceSlots.GONE);
            assertTrue(killedAt < COUNT, "killed mid-stream, at " + killedAt);

            assertTrue(producer.waitFor(180, TimeUnit.SECONDS), "the producer finished");
            assertEquals(0, producer.exitValue());
            for (int slot = 0; slot < keepers; slot++)
            {
                final long[] result = awaitResult(subscribers.get(slot), slot);
                assertEquals(COUNT, result[0], "keeper " + slot + " received every message");
                assertEquals(0, result[1], "keeper " + slot + " lost nothing");
                assertEquals(COUNT, result[3], "keeper " + slot + " ends after the last message");
            }
            final long[] lagging = awaitResult(subscribers.get(slow), slow);
            assertEquals(COUNT, lagging[0] + lagging[1], "the slow subscriber received or was told it lost each message");
            assertTrue(lagging[2] > 0 && lagging[1] > 0, "the slow subscriber was lapped");
            assertEquals(COUNT, lagging[3]);
        }
    }

    @Test
    @Timeout(120)
    void aProducerKilledMidStreamIsReportedDeadAndTheProducerThatTakesItsPlaceGoesOnWithTheNextSequence()
        throws Exception
    {
        final Path pacingFile = directory.resolve("pacing");
        final String dir = directory.path().toString();
        final long[] next = {0};
        final MessageHandler handler = inSequence(next);
        final ChannelBuilder channel = Channels.broadcast("restart").directory(directory.path()).capacity(CAPACITY)
            .livenessInterval(Duration.ofMillis(20));
        try (SequenceSlots pacing = SequenceSlots.create(pacingFile, 1);
             ChannelConsumer subscriber = channel.consumer())
        {
            pacing.set(0, next[0]);
            final Process first = start(BroadcastChildProducer.class, dir, "restart", Integer.toString(CAPACITY),
                Long.toString(COUNT * 100), "23", pacingFile.toString(), "1", Integer.toString(WINDOW));
            final long killAt = 100_000 + new SplittableRandom().nextInt(50_000);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (next[0] < killAt)
            {
                assertTrue(System.nanoTime() < deadline, "only " + next[0] + " messages before the kill");
                assertTrue(subscriber.poll(handler, 64) >= 0, "a live producer's channel");
                pacing.set(0, next[0]);
            }
            first.destroyForcibly().waitFor(); // SIGKILL, at any point of a record
            readUntilDeath(subscriber, handler, pacing, next, deadline);
            final long beforeRestart = next[0];
            assertTrue(beforeRestart >= killAt, "read " + beforeRestart);

            final Process second = start(BroadcastChildProducer.class, dir, "restart", Integer.toString(CAPACITY),
                Long.toString(SUCCESSOR_COUNT), "29", pacingFile.toString(), "1", Integer.toString(WINDOW));
            readSuccessorToTheEnd(subscriber, handler, pacing, next, beforeRestart, second,
                deadline + TimeUnit.SECONDS.toNanos(30));
        }
    }

    @Test
    @Timeout(180)
    void producersKilledOverAndOverAreEachFollowedWithoutAGapLossOrTornMessage() throws Exception
    {
        final Path pacingFile = directory.resolve("pacing");
        final String dir = directory.path().toString();
        final long[] next = {0};
        final MessageHandler handler = inSequence(next);
        final ChannelBuilder channel = Channels.broadcast("restarts").directory(directory.path()).capacity(CAPACITY)
            .livenessInterval(Duration.ofMillis(20));
        final SplittableRandom random = new SplittableRandom();
        try (SequenceSlots pacing = SequenceSlots.create(pacingFile, 1);
             ChannelConsumer subscriber = channel.consumer())
        {
            pacing.set(0, next[0]);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            final int kills = 12;
            for (int kill = 0; kill < kills; kill++)
            {
                final long before = next[0];
                final Process producer = start(BroadcastChildProducer.class, dir, "restarts", Integer.toString(CAPACITY),
                    Long.toString(COUNT * 100), Integer.toString(kill), pacingFile.toString(), "1", Integer.toString(WINDOW));
                final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100 + random.nextInt(300));
                // past the window, the messages are the new producer's: the dead one was never more ahead
                while (System.nanoTime() < until || next[0] <= before + WINDOW)
                {
                    assertTrue(System.nanoTime() < deadline, "producer " + kill + " sent nothing after " + before);
                    final int status = subscriber.poll(handler, 64);
                    assertTrue(status >= 0 || status == ChannelConsumer.PEER_DEAD && next[0] <= before + WINDOW,
                        "status " + status + " at " + next[0] + ", producer " + kill + " started at " + before);
                    pacing.set(0, next[0]);
                }
                producer.destroyForcibly().waitFor(); // SIGKILL, at any point of a record
                if (kill % 2 == 0 || kill == kills - 1) // else the successor comes before the death is seen
                {
                    readUntilDeath(subscriber, handler, pacing, next, deadline);
                }
            }
            final long beforeLast = next[0];
            final Process last = start(BroadcastChildProducer.class, dir, "restarts", Integer.toString(CAPACITY),
                Long.toString(SUCCESSOR_COUNT), "99", pacingFile.toString(), "1", Integer.toString(WINDOW));
            readSuccessorToTheEnd(subscriber, handler, pacing, next, beforeLast, last, deadline);
        }
    }

    /**
     * Checks each message of {@link BroadcastChildProducer}: intact, its type the low bits of its
     * sequence, and the sequence the one after the last ({@code next[0]}, which it advances).
     */
    private static MessageHandler inSequence(final long[] next)
    {
        final MessagePattern pattern = MessagePattern.create();
        return (type, buffer, index, length) ->
        {
            final long seq = pattern.verify(buffer, index, length);
            assertEquals(next[0], seq, "message sequence");
            assertEquals((int)(seq & 0xFFFF), type, "type of message " + seq);
            next[0]++;
        };
    }

    /** Polls, pacing the producer, until the subscriber reports its death after every message it committed. */
    private static void readUntilDeath(final ChannelConsumer subscriber, final MessageHandler handler,
        final SequenceSlots pacing, final long[] next, final long deadline)
    {
        int status;
        while ((status = subscriber.poll(handler, 64)) >= 0)
        {
            assertTrue(System.nanoTime() < deadline, "the dead producer was not reported");
            pacing.set(0, next[0]);
        }
        assertEquals(ChannelConsumer.PEER_DEAD, status, "every committed message read, then the death");
    }

    /**
     * Polls, pacing, until a successor that sends {@link #SUCCESSOR_COUNT} messages closes: it went
     * on from where the subscriber was ({@code before}), lost nothing, and may have first published
     * the record a dead producer had finished without its tail.
     */
    private static void readSuccessorToTheEnd(final ChannelConsumer subscriber, final MessageHandler handler,
        final SequenceSlots pacing, final long[] next, final long before, final Process successor, final long deadline)
        throws InterruptedException
    {
        int status;
        while ((status = subscriber.poll(handler, 64)) != ChannelConsumer.CLOSED)
        {
            assertTrue(System.nanoTime() < deadline, "the successor's messages stopped at " + next[0]);
            assertTrue(status >= 0 || status == ChannelConsumer.PEER_DEAD, "status " + status);
            pacing.set(0, next[0]);
        }
        assertTrue(successor.waitFor(30, TimeUnit.SECONDS), "the successor finished");
        assertEquals(0, successor.exitValue());
        assertEquals(0, ((BroadcastSubscriber)subscriber).lostMessages(), "nothing lost across the deaths");
        assertTrue(next[0] == before + SUCCESSOR_COUNT || next[0] == before + SUCCESSOR_COUNT + 1, "the successor went on " +
            "from " + before + " (or published the record the dead one had finished without its tail): ended at " + next[0]);
    }

    /** Waits for a subscriber to exit cleanly and returns received, lost, laps, next. */
    private static long[] awaitResult(final Process subscriber, final int slot) throws Exception
    {
        assertTrue(subscriber.waitFor(60, TimeUnit.SECONDS), "subscriber " + slot + " finished");
        final String output = new String(subscriber.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, subscriber.exitValue(), "subscriber " + slot + " failed: " + output);
        final Matcher matcher = RESULT.matcher(output);
        assertTrue(matcher.matches(), "subscriber " + slot + " printed: " + output);
        return new long[] {
            Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
            Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4))};
    }
}
