package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFileException;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ChannelSnapshot;
import io.ipcsync.core.IpcsyncException;
import io.ipcsync.core.TestDirectory;
import io.ipcsync.core.ring.BroadcastReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Broadcast channels between threads of one process, through the public API.
 */
class BroadcastChannelTest
{
    private static final MessageHandler IGNORE = (t, b, i, l) -> { };

    private TestDirectory directory;
    private ChannelBuilder channel;

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
        channel = Channels.broadcast("prices").directory(directory.path()).capacity(64 * 1024);
    }

    @AfterEach
    void tearDown()
    {
        directory.close();
    }

    @Test
    void statusConstantsAgreeWithTheRing()
    {
        assertEquals(BroadcastReceiver.CLOSED, ChannelConsumer.CLOSED);
        assertEquals(BroadcastReceiver.PEER_DEAD, ChannelConsumer.PEER_DEAD);
        assertEquals(BroadcastReceiver.LAPPED, ChannelConsumer.LAPPED);
    }

    @Test
    void theBuilderMakesABroadcastFileWithManySubscribers() throws Exception
    {
        try (ChannelProducer producer = channel.producer();
             ChannelConsumer first = channel.consumer();
             ChannelConsumer second = channel.consumer())
        {
            assertTrue(producer instanceof BroadcastProducer);
            assertTrue(first instanceof BroadcastSubscriber);
            assertEquals(ChannelMode.BROADCAST, channel.snapshot().layout().mode());
            assertTrue(producer.offerLong(3, 42));
            for (final ChannelConsumer consumer : List.of(first, second))
            {
                final long[] seen = new long[2];
                assertEquals(1, consumer.poll((t, b, i, l) ->
                {
                    seen[0] = t;
                    seen[1] = b.getLong(i);
                }, 10));
                assertEquals(3, seen[0]);
                assertEquals(42, seen[1]);
            }
        }
    }

    @Test
    void theProducerNeverWaitsEvenWithNoSubscriberReading() throws Exception
    {
        try (ChannelProducer producer = channel.producer(); ChannelConsumer idle = channel.consumer())
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[100]);
            for (int i = 0; i < 10_000; i++)
            {
                assertTrue(producer.offer(1, message, 0, 100), "offer never reports full");
                final int index = producer.tryClaim(1, 8);
                assertTrue(index >= 0, "tryClaim never reports full");
                producer.commit(index);
            }
            final long start = System.nanoTime();
            assertTrue(producer.send(1, message, 0, 8, 1, TimeUnit.MINUTES, new SleepingMillisIdleStrategy(1)));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "send does not wait");
            assertFalse(producer.isConsumerAlive(), "no registry of subscribers: never known alive");
            assertEquals(ChannelConsumer.LAPPED, idle.poll(IGNORE, 10));
            assertEquals(20_000, idle.lostMessages(), "all but the newest of the 20,001 messages");
            assertEquals(1, idle.poll(IGNORE, 10));
        }
    }

    @Test
    @Timeout(120)
    void subscribersThatKeepUpGetEverythingOnceInOrderAndASlowOneIsToldExactlyWhatItLost() throws Exception
    {
        final int count = 200_000;
        final int keepers = 2;
        final AtomicLong[] progress = new AtomicLong[keepers];
        final List<Thread> threads = new ArrayList<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final long[][] results = new long[keepers + 1][];
        // 1 MiB holds 1000 messages of the largest size used here: a window of 400 keeps the keepers safe
        final ChannelBuilder channel = Channels.broadcast("paced").directory(directory.path()).capacity(1 << 20);
        try (ChannelProducer producer = channel.producer())
        {
            final List<ChannelConsumer> subscribers = new ArrayList<>();
            for (int s = 0; s <= keepers; s++)
            {
                subscribers.add(channel.consumer()); // all join before the first message
            }
            for (int s = 0; s <= keepers; s++)
            {
                final int slot = s;
                final boolean slow = s == keepers;
                if (!slow)
                {
                    progress[s] = new AtomicLong();
                }
                final Thread thread = new Thread(() ->
                {
                    try (ChannelConsumer consumer = subscribers.get(slot))
                    {
                        results[slot] = readAll(consumer, slow ? null : progress[slot], slow);
                    }
                    catch (final Throwable t)
                    {
                        failure.compareAndSet(null, t);
                    }
                }, slow ? "slow-subscriber" : "subscriber-" + s);
                threads.add(thread);
                thread.start();
            }
            final MessagePattern pattern = MessagePattern.create();
            final UnsafeBuffer message = new UnsafeBuffer(new byte[MessagePattern.MAX_LENGTH]);
            final SplittableRandom random = new SplittableRandom(9);
            for (long seq = 0; seq < count && failure.get() == null; seq++)
            {
                // test-only pacing: the library producer never waits, this loop waits for the keepers
                for (final AtomicLong keeper : progress)
                {
                    while (seq - keeper.get() > 400 && failure.get() == null)
                    {
                        Thread.yield();
                    }
                }
                final int length = Math.min(1024, MessagePattern.randomLength(random));
                pattern.write(message, 0, seq, length);
                assertTrue(producer.offer((int)(seq & 0xFFFF), message, 0, length));
            }
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        assertNull(failure.get());
        for (int s = 0; s < keepers; s++)
        {
            assertEquals(count, results[s][0], "subscriber " + s + " received everything");
            assertEquals(0, results[s][1], "subscriber " + s + " lost nothing");
        }
        final long[] slow = results[keepers];
        assertEquals(count, slow[0] + slow[1], "the slow subscriber received or was told it lost every message");
        assertTrue(slow[1] > 0 && slow[2] > 0, "the slow subscriber was lapped: " + slow[1] + " lost in " + slow[2] + " laps");
    }

    /**
     * Reads until the channel closes, checking each message's content and that its sequence is
     * the next one after counting the reported losses. Returns received, lost, laps.
     */
    private static long[] readAll(final ChannelConsumer consumer, final AtomicLong progress, final boolean slow)
        throws InterruptedException
    {
        final MessagePattern pattern = MessagePattern.create();
        final long[] next = {0};
        final MessageHandler handler = (type, buffer, index, length) ->
        {
            final long seq = pattern.verify(buffer, index, length);
            if (seq != next[0])
            {
                throw new AssertionError("expected message " + next[0] + ", got " + seq);
            }
            assertEquals((int)(seq & 0xFFFF), type);
            next[0]++;
            if (slow && (seq & 0x3F) == 0)
            {
                sleepMillis(5); // at most 64 messages per 5 ms: the producer laps it many times
            }
        };
        long received = 0;
        long lostSeen = 0;
        long laps = 0;
        final YieldingIdleStrategy idle = new YieldingIdleStrategy();
        int status;
        while ((status = consumer.receive(handler, 64, 10, TimeUnit.SECONDS, idle)) != ChannelConsumer.CLOSED)
        {
            if (status == ChannelConsumer.LAPPED)
            {
                laps++;
                next[0] += consumer.lostMessages() - lostSeen; // the loss must be exact for the next check to pass
                lostSeen = consumer.lostMessages();
            }
            else if (status <= 0)
            {
                throw new AssertionError("unexpected status " + status);
            }
            else
            {
                received += status;
            }
            if (progress != null)
            {
                progress.lazySet(next[0]);
            }
        }
        return new long[] {received, consumer.lostMessages(), laps};
    }

    private static void sleepMillis(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aLateSubscriberSeesOnlyLaterMessages()
    {
        try (ChannelProducer producer = channel.producer())
        {
            producer.offerLong(1, 1);
            try (ChannelConsumer late = channel.consumer())
            {
                producer.offerLong(1, 2);
                final List<Long> seen = new ArrayList<>();
                assertEquals(1, late.poll((t, b, i, l) -> seen.add(b.getLong(i)), 10));
                assertEquals(List.of(2L), seen);
                assertEquals(0, late.lostMessages());
            }
        }
    }

    @Test
    void receiveTimesOutWakesUpAndSeesTheClose() throws Exception
    {
        final ChannelProducer producer = channel.producer();
        try (ChannelConsumer consumer = channel.consumer())
        {
            final long start = System.nanoTime();
            assertEquals(0, consumer.receive(IGNORE, 10, 30, TimeUnit.MILLISECONDS, new BackoffIdleStrategy()));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
            final Thread sender = new Thread(() ->
            {
                sleepMillis(50);
                producer.offerLong(9, 42);
                producer.close();
            });
            sender.start();
            final long[] value = {0};
            assertEquals(1, consumer.receive((t, b, i, l) -> value[0] = b.getLong(i), 10, 5, TimeUnit.SECONDS,
                new BackoffIdleStrategy()));
            assertEquals(42, value[0]);
            assertEquals(ChannelConsumer.CLOSED, consumer.receive(IGNORE, 10, 5, TimeUnit.SECONDS, new BackoffIdleStrategy()));
            sender.join();
        }
    }

    @Test
    void receiveIsInterruptible() throws Exception
    {
        try (ChannelConsumer consumer = channel.consumer())
        {
            final AtomicReference<Throwable> thrown = new AtomicReference<>();
            final Thread receiver = new Thread(() ->
            {
                try
                {
                    consumer.receive(IGNORE, 10, 1, TimeUnit.MINUTES, new SleepingMillisIdleStrategy(1));
                }
                catch (final Throwable t)
                {
                    thrown.set(t);
                }
            });
            receiver.start();
            Thread.sleep(50);
            receiver.interrupt();
            receiver.join(5000);
            assertFalse(receiver.isAlive());
            assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        }
    }

    @Test
    void receiveReturnsTheLap() throws Exception
    {
        try (ChannelProducer producer = channel.producer(); ChannelConsumer consumer = channel.consumer())
        {
            for (int i = 0; i < 10_000; i++)
            {
                producer.offerLong(1, i);
            }
            assertEquals(ChannelConsumer.LAPPED, consumer.receive(IGNORE, 10, 1, TimeUnit.SECONDS, new BackoffIdleStrategy()));
            assertEquals(9_999, consumer.lostMessages());
            assertEquals(1, ((BroadcastSubscriber)consumer).laps());
        }
    }

    @Test
    void aSecondLiveProducerIsRefusedButSubscribersAreUnlimited()
    {
        final ChannelProducer first = channel.producer();
        final IpcsyncException ex = assertThrows(IpcsyncException.class, channel::producer);
        assertTrue(ex.getMessage().contains("already has a live producer"), ex.getMessage());
        final List<ChannelConsumer> consumers = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            consumers.add(channel.consumer());
        }
        consumers.forEach(ChannelConsumer::close);
        first.close();
        channel.producer().close();
    }

    @Test
    void closingASubscriberAffectsNoOneElse()
    {
        try (ChannelProducer producer = channel.producer(); ChannelConsumer stays = channel.consumer())
        {
            final ChannelConsumer leaves = channel.consumer();
            leaves.close();
            leaves.close(); // idempotent
            assertThrows(ChannelClosedException.class, () -> leaves.poll(IGNORE, 1));
            assertTrue(producer.offerLong(1, 7));
            assertEquals(1, stays.poll(IGNORE, 10));
            assertTrue(stays.isProducerAlive());
        }
    }

    @Test
    void aClosedProducerCannotBeUsedAndANewOneContinuesTheSequence()
    {
        try (ChannelConsumer consumer = channel.consumer())
        {
            final ChannelProducer producer = channel.producer();
            producer.offerLong(1, 1);
            producer.close();
            producer.close(); // idempotent
            assertThrows(ChannelClosedException.class, () -> producer.offerLong(1, 2));
            assertEquals(1, consumer.poll(IGNORE, 10));
            assertEquals(ChannelConsumer.CLOSED, consumer.poll(IGNORE, 10));
            try (ChannelProducer successor = channel.producer())
            {
                assertEquals(1, ((BroadcastProducer)successor).nextSequence());
                successor.offerLong(1, 2);
                assertEquals(1, consumer.poll(IGNORE, 10));
                assertEquals(2, ((BroadcastSubscriber)consumer).nextSequence());
            }
        }
    }

    @Test
    void anSpscFileIsNotABroadcastChannel() throws Exception
    {
        Channels.spsc("prices").directory(directory.path()).producer().close();
        final ChannelFileException ex = assertThrows(ChannelFileException.class, channel::consumer);
        assertTrue(ex.getMessage().contains("mode is SPSC, opened as BROADCAST"), ex.getMessage());
        try (ChannelConsumer spsc = Channels.spsc("prices").directory(directory.path()).consumer())
        {
            assertEquals(0, spsc.lostMessages(), "only broadcast subscribers lose messages");
        }
    }

    @Test
    void aSnapshotShowsTheProducerOfABroadcastChannel() throws Exception
    {
        try (ChannelProducer producer = channel.producer())
        {
            producer.offerLong(1, 1);
            final ChannelSnapshot snapshot = channel.snapshot();
            assertEquals(ChannelSnapshot.SideState.ALIVE, snapshot.producer().state());
            assertEquals(1, snapshot.producer().messages());
        }
        assertEquals(ChannelSnapshot.SideState.CLOSED, channel.snapshot().producer().state());
        assertTrue(channel.delete());
    }
}
