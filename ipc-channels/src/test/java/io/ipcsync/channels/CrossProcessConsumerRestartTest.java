package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ipcsync.core.ChildJvms;
import io.ipcsync.core.PeerDeadException;
import io.ipcsync.core.TestDirectory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Consumer processes SIGKILLed mid-stream, four in a row, each replaced by a new consumer process,
 * for the channels with one consumer (SPSC, MPSC with lanes, MPSC with one shared ring, and MPSC
 * with six producers: four lanes and two in the overflow ring): for each producer, every successor
 * starts no later than the message after the last one its predecessor handled, and at most one poll
 * batch earlier (at-least-once across a consumer crash; each successor checks this itself), and the
 * last one gets every message to the end, in order, intact. A
 * 64 KiB ring wraps hundreds of times, so the killed consumer may die while it zeroes what it read,
 * which its successor repairs when it attaches.
 */
class CrossProcessConsumerRestartTest
{
    private static final int CAPACITY = 64 * 1024;
    private static final long COUNT = 1_000_000;
    private static final int POLL_LIMIT = ResumingChildConsumer.POLL_LIMIT;
    private static final int KILLS = 4;
    private static final Pattern RESULT = Pattern.compile("(\\d+)=(\\d+)/(\\d+)");

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

    private Process startConsumer(final String name, final String mode, final Path progress) throws Exception
    {
        final Process process = children.start(ResumingChildConsumer.class, directory.path().toString(), name, mode,
            progress.toString());
        final BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", reader.readLine(), "consumer " + process.pid());
        return process;
    }

    @ParameterizedTest(name = "{0}, {1} producer(s)")
    @CsvSource({"SPSC, 1", "MPSC, 1", "MPSC-shared, 1", "MPSC, 6"})
    @Timeout(180)
    void consumersKilledMidStreamAreReplacedAndEachNextOneLosesNothing(final String kind, final int producerCount)
        throws Exception
    {
        final String name = "restart-" + kind.toLowerCase() + "-" + producerCount;
        final String mode = kind.startsWith("MPSC") ? "MPSC" : "SPSC";
        final ChannelBuilder base = "SPSC".equals(mode) ? Channels.spsc(name) : Channels.mpsc(name);
        final ChannelBuilder channel = base.directory(directory.path()).capacity(CAPACITY)
            .livenessInterval(Duration.ofMillis(20));
        if ("MPSC-shared".equals(kind))
        {
            channel.lanes(0);
        }
        final long perProducer = COUNT / producerCount;
        final Path progressFile = directory.resolve("progress");
        final List<ChannelProducer> producers = new ArrayList<>();
        final List<Thread> senders = new ArrayList<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        try (SequenceSlots progress = SequenceSlots.create(progressFile, producerCount))
        {
            for (int p = 0; p < producerCount; p++)
            {
                producers.add(channel.producer()); // with 6 on an MPSC channel: 4 lanes and the overflow ring
            }
            Process current = startConsumer(name, mode, progressFile);
            for (int p = 0; p < producerCount; p++)
            {
                final ChannelProducer producer = producers.get(p);
                final int type = p;
                senders.add(new Thread(() -> send(producer, type, perProducer, failure), "restart-sender-" + p));
            }
            senders.forEach(Thread::start);

            // each consumer in turn is SIGKILLed anywhere in a poll; each successor checks on its first
            // message of each producer that it resumed within one poll of where its predecessor got to
            final SplittableRandom random = new SplittableRandom();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            final long[] handled = new long[producerCount];
            long killAt = 0;
            for (int kill = 0; kill < KILLS; kill++)
            {
                killAt += 20_000 + random.nextInt(150_000);
                while (handled(progress, producerCount) < killAt)
                {
                    assertTrue(System.nanoTime() < deadline, "consumer " + kill + " got to " + handled(progress, producerCount));
                    if (!current.isAlive())
                    {
                        fail("consumer " + kill + " failed: " +
                            new String(current.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    }
                    assertNull(failure.get(), "a producer failed");
                    Thread.sleep(1);
                }
                current.destroyForcibly().waitFor(); // SIGKILL, anywhere in a poll
                for (int p = 0; p < producerCount; p++)
                {
                    handled[p] = Math.max(0, progress.get(p));
                }
                current = startConsumer(name, mode, progressFile);
            }
            for (final Thread sender : senders)
            {
                sender.join(TimeUnit.SECONDS.toMillis(90));
                assertFalse(sender.isAlive(), "a producer did not get every message in");
            }
            assertNull(failure.get(), "a producer failed");
            producers.forEach(ChannelProducer::close); // the last consumer reads to the end, then sees the channel closed

            assertTrue(current.waitFor(60, TimeUnit.SECONDS), "the last consumer did not finish");
            final String output = new String(current.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, current.exitValue(), "the last consumer failed: " + output);
            final Matcher result = RESULT.matcher(output);
            int found = 0;
            while (result.find())
            {
                final int p = Integer.parseInt(result.group(1));
                final long resumedAt = Long.parseLong(result.group(2));
                assertTrue(resumedAt <= handled[p], "producer " + p + ": lost messages " + resumedAt + ".." +
                    (handled[p] - 1) + "? resumed at " + resumedAt + " after " + handled[p]);
                assertTrue(handled[p] - resumedAt <= POLL_LIMIT, "producer " + p + ": repeated " +
                    (handled[p] - resumedAt) + " messages, more than the one poll the consumer before was killed in");
                assertEquals(perProducer, Long.parseLong(result.group(3)), "producer " + p + ": every message to the last");
                found++;
            }
            assertEquals(producerCount, found, "every producer's messages reached the last consumer: " + output);
        }
        finally
        {
            producers.forEach(ChannelProducer::close);
        }
    }

    private static long handled(final SequenceSlots progress, final int producers)
    {
        long sum = 0;
        for (int p = 0; p < producers; p++)
        {
            sum += Math.max(0, progress.get(p));
        }
        return sum;
    }

    /** Sends every message, waiting while the ring is full, and while no consumer is alive to empty it. */
    private static void send(final ChannelProducer producer, final int type, final long count,
        final AtomicReference<Throwable> failure)
    {
        final SplittableRandom random = new SplittableRandom(31 + type);
        final MessagePattern pattern = MessagePattern.create();
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MessagePattern.MAX_LENGTH]);
        final YieldingIdleStrategy idle = new YieldingIdleStrategy();
        try
        {
            for (long seq = 0; seq < count; seq++)
            {
                final int length = MessagePattern.randomLength(random);
                pattern.write(scratch, 0, seq, length);
                while (true)
                {
                    try
                    {
                        if (producer.send(type, scratch, 0, length, 10, TimeUnit.SECONDS, idle))
                        {
                            break;
                        }
                    }
                    catch (final PeerDeadException ex)
                    {
                        Thread.sleep(1); // the consumer died with the ring full: wait for the next one
                    }
                }
            }
        }
        catch (final Throwable ex)
        {
            failure.set(ex);
        }
    }
}
