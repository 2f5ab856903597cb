package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.ChannelSnapshot;
import io.ipcsync.core.JavaProcess;
import io.ipcsync.core.PeerDeadException;
import io.ipcsync.core.TestDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPSC between two real JVMs: everything committed arrives once, in order, intact; a killed
 * peer is reported within a bounded time.
 */
class CrossProcessSpscTest
{
    private static final long DEAD_PEER_BOUND_NANOS = TimeUnit.SECONDS.toNanos(3);

    private TestDirectory directory;

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
    }

    @AfterEach
    void tearDown()
    {
        directory.close();
    }

    private static void awaitReady(final Process process) throws IOException
    {
        final BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final String line = reader.readLine();
        assertEquals("ready", line, "child did not start");
    }

    @Test
    @Timeout(300)
    void tenMillionMessagesArriveOnceInOrderIntactEvenForALateConsumer() throws Exception
    {
        final long count = 10_000_000;
        final ChannelBuilder channel = Channels.spsc("ten-million").directory(directory.path()).capacity(1 << 20);
        final Process producer = JavaProcess.start(SpscChildProducer.class,
            directory.path().toString(), "ten-million", Long.toString(count), "11", Integer.toString(1 << 20));
        try
        {
            awaitReady(producer);
            // attach late: only once the producer has filled the ring and waits
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (channel.snapshot().fullEvents() == 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
            assertTrue(channel.snapshot().fullEvents() > 0, "the producer filled the ring before the consumer came");

            final MessagePattern pattern = MessagePattern.create();
            final long[] next = {0};
            int status;
            try (ChannelConsumer consumer = channel.consumer())
            {
                final MessageHandler handler = (type, buffer, index, length) ->
                {
                    final long seq = pattern.verify(buffer, index, length);
                    if (seq != next[0])
                    {
                        throw new AssertionError("expected message " + next[0] + ", got " + seq);
                    }
                    assertEquals((int)(seq & 0xFFFF), type);
                    next[0]++;
                };
                while ((status = consumer.poll(handler, 256)) >= 0)
                {
                    Thread.onSpinWait();
                }
            }
            assertEquals(ChannelConsumer.CLOSED, status);
            assertEquals(count, next[0]);
            assertEquals(0, producer.waitFor());
            final ChannelSnapshot snapshot = channel.snapshot();
            assertEquals(count, snapshot.producer().messages());
            assertEquals(count, snapshot.consumer().messages());
            assertEquals(snapshot.producer().bytes(), snapshot.consumer().bytes());
        }
        finally
        {
            producer.destroyForcibly().waitFor();
        }
    }

    @Test
    @Timeout(300)
    void aProducerKilledAtRandomPointsLosesNothingCommittedAndIsReportedDead() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(2026);
        for (int round = 0; round < 20; round++)
        {
            final String name = "killed-producer-" + round;
            final ChannelBuilder channel = Channels.spsc(name).directory(directory.path()).capacity(64 * 1024)
                .livenessInterval(Duration.ofMillis(20));
            final Process producer = JavaProcess.start(SpscChildProducer.class,
                directory.path().toString(), name, "-1", Long.toString(round), Integer.toString(64 * 1024));
            awaitReady(producer);
            final MessagePattern pattern = MessagePattern.create();
            final long[] next = {0};
            final MessageHandler handler = (type, buffer, index, length) ->
            {
                final long seq = pattern.verify(buffer, index, length);
                if (seq != next[0])
                {
                    throw new AssertionError("round " + name + ": expected message " + next[0] + ", got " + seq);
                }
                next[0]++;
            };
            try (ChannelConsumer consumer = channel.consumer())
            {
                final long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5 + random.nextInt(200));
                while (System.nanoTime() < killAt)
                {
                    assertTrue(consumer.poll(handler, 64) >= 0);
                }
                producer.destroyForcibly(); // SIGKILL, wherever it is
                producer.waitFor();
                final long killed = System.nanoTime();
                int status;
                while ((status = consumer.poll(handler, 256)) >= 0)
                {
                    assertTrue(System.nanoTime() - killed < DEAD_PEER_BOUND_NANOS, "dead producer not reported in time");
                }
                assertEquals(ChannelConsumer.PEER_DEAD, status);
                final ChannelSnapshot snapshot = channel.snapshot();
                assertEquals(ChannelSnapshot.SideState.DEAD, snapshot.producer().state());
                // The snapshot walks the records after the producer's last announcement (whole even
                // when the kill came mid-announcement), so its counts match what the consumer read;
                // the bounds below allow one record and one padding, never more, never ahead.
                final long lagMessages = next[0] - snapshot.producer().messages();
                assertTrue(lagMessages == 0 || lagMessages == 1, "received " + next[0] + ", recorded " +
                    snapshot.producer().messages());
                final long maxLagBytes = 2L * (MessagePattern.MAX_LENGTH + 16);
                assertTrue(snapshot.backlogBytes() <= 0 && snapshot.backlogBytes() >= -maxLagBytes,
                    "the recorded position lags by at most a record and a padding: " + snapshot.backlogBytes());
                assertTrue(next[0] > 0, "round " + round + " exchanged nothing");
            }
            channel.delete();
        }
    }

    @Test
    @Timeout(120)
    void aProducerKilledBetweenClaimAndCommitDoesNotWedgeTheChannel() throws Exception
    {
        final ChannelBuilder channel = Channels.spsc("claim-then-die").directory(directory.path()).capacity(64 * 1024)
            .livenessInterval(Duration.ofMillis(20));
        final Process claimer = JavaProcess.start(SpscChildClaimer.class, directory.path().toString(), "claim-then-die", "100");
        final java.util.List<Long> seen = new java.util.ArrayList<>();
        final MessageHandler handler = (type, buffer, index, length) -> seen.add(buffer.getLong(index));
        try (ChannelConsumer consumer = channel.consumer())
        {
            final BufferedReader reader = new BufferedReader(new InputStreamReader(claimer.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("claimed", reader.readLine(), "child did not claim");
            claimer.destroyForcibly().waitFor(); // SIGKILL with a claim outstanding
            int status;
            while ((status = consumer.poll(handler, 256)) >= 0)
            {
                Thread.onSpinWait();
            }
            assertEquals(ChannelConsumer.PEER_DEAD, status);
            assertEquals(100, seen.size(), "every committed message, and not the claimed one");

            try (ChannelProducer successor = channel.producer())
            {
                for (long seq = 100; seq < 200; seq++)
                {
                    assertTrue(successor.offerLong(1, seq));
                }
            }
            while ((status = consumer.poll(handler, 256)) >= 0)
            {
                Thread.onSpinWait();
            }
            assertEquals(ChannelConsumer.CLOSED, status);
        }
        finally
        {
            claimer.destroyForcibly().waitFor();
        }
        assertEquals(200, seen.size());
        for (int i = 0; i < 200; i++)
        {
            assertEquals(i, seen.get(i), "message " + i);
        }
        assertFalse(seen.contains(SpscChildClaimer.NEVER_COMMITTED));
    }

    @Test
    @Timeout(300)
    void aConsumerKilledAtRandomPointsIsReportedToTheProducer() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(17);
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MessagePattern.MAX_LENGTH]);
        final MessagePattern pattern = MessagePattern.create();
        for (int round = 0; round < 20; round++)
        {
            final String name = "killed-consumer-" + round;
            final ChannelBuilder channel = Channels.spsc(name).directory(directory.path()).capacity(64 * 1024)
                .livenessInterval(Duration.ofMillis(20));
            try (ChannelProducer producer = channel.producer())
            {
                final Process consumer = JavaProcess.start(SpscChildConsumer.class, directory.path().toString(), name);
                awaitReady(consumer);
                final long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5 + random.nextInt(200));
                long seq = 0;
                while (System.nanoTime() < killAt)
                {
                    final int length = MessagePattern.randomLength(random);
                    pattern.write(scratch, 0, seq, length);
                    if (producer.offer(1, scratch, 0, length))
                    {
                        seq++;
                    }
                }
                consumer.destroyForcibly();
                consumer.waitFor();
                final long killed = System.nanoTime();
                final PeerDeadException ex = assertThrows(PeerDeadException.class, () ->
                {
                    while (true)
                    {
                        producer.send(1, scratch, 0, 64, 1, TimeUnit.SECONDS, new BusySpinIdleStrategy());
                    }
                });
                assertTrue(System.nanoTime() - killed < DEAD_PEER_BOUND_NANOS, "dead consumer not reported in time");
                assertEquals(consumer.pid(), ex.pid());
                assertTrue(seq > 0, "round " + round + " exchanged nothing");
            }
            channel.delete();
        }
    }
}
