package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFileException;
import io.ipcsync.core.ChannelSnapshot;
import io.ipcsync.core.IpcsyncException;
import io.ipcsync.core.TestDirectory;
import io.ipcsync.core.ring.SpscRingConsumer;
import io.ipcsync.core.ring.SpscRingProducer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpscChannelTest
{
    private TestDirectory directory;
    private ChannelBuilder channel;

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
        channel = Channels.spsc("orders").directory(directory.path()).capacity(4096);
    }

    @AfterEach
    void tearDown()
    {
        directory.close();
    }

    @Test
    void statusConstantsAgreeWithTheRing()
    {
        assertEquals(SpscRingProducer.INSUFFICIENT_CAPACITY, ChannelProducer.INSUFFICIENT_CAPACITY);
        assertEquals(SpscRingConsumer.CLOSED, ChannelConsumer.CLOSED);
        assertEquals(SpscRingConsumer.PEER_DEAD, ChannelConsumer.PEER_DEAD);
    }

    @Test
    void badNamesAndSizesAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> Channels.spsc("../escape"));
        assertThrows(IllegalArgumentException.class, () -> Channels.spsc(".hidden"));
        assertThrows(IllegalArgumentException.class, () -> Channels.spsc(""));
        assertThrows(NullPointerException.class, () -> Channels.spsc(null));
        final IllegalArgumentException capacity = assertThrows(IllegalArgumentException.class,
            () -> Channels.spsc("x").capacity(3000));
        assertTrue(capacity.getMessage().contains("capacity 3000 must be a power of two"));
        final IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
            () -> Channels.spsc("x").directory(directory.path()).capacity(4096).maxMessageLength(4096).producer());
        assertTrue(length.getMessage().contains("maxMessageLength 4096 must be from 0 to capacity/8 = 512"));
        assertFalse(Files.exists(directory.resolve("x.ipc")));
    }

    @Test
    void theFileIsNamedAfterTheChannel()
    {
        assertEquals(directory.resolve("orders.ipc"), channel.path());
    }

    @Test
    void producerAndConsumerExchangeMessagesAndCountThem() throws Exception
    {
        try (ChannelProducer producer = channel.producer(); ChannelConsumer consumer = channel.consumer())
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[100]);
            message.putStringAscii(0, "hello");
            assertTrue(producer.offer(5, message, 0, 100));
            final int index = producer.tryClaim(6, 8);
            producer.buffer().putLong(index, 77);
            producer.commit(index);

            final List<String> seen = new ArrayList<>();
            assertEquals(2, consumer.poll((type, buffer, i, length) -> seen.add(type + ":" + length), 10));
            assertEquals(List.of("5:100", "6:8"), seen);

            final ChannelSnapshot snapshot = channel.snapshot();
            assertEquals(2, snapshot.producer().messages());
            assertEquals(108, snapshot.producer().bytes());
            assertEquals(2, snapshot.consumer().messages());
            assertEquals(108, snapshot.consumer().bytes());
            assertTrue(producer.isConsumerAlive());
            assertTrue(consumer.isProducerAlive());
        }
        assertEquals(ChannelSnapshot.SideState.CLOSED, channel.snapshot().producer().state());
        assertTrue(channel.delete());
    }

    @Test
    void sendTimesOutOnAFullChannelAndReceiveOnAnEmptyOne() throws Exception
    {
        try (ChannelProducer producer = channel.producer(); ChannelConsumer consumer = channel.consumer())
        {
            assertEquals(0, consumer.receive((t, b, i, l) -> { }, 10, 20, TimeUnit.MILLISECONDS, new BackoffIdleStrategy()));
            final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
            while (producer.offer(1, message, 0, 8))
            {
                Thread.onSpinWait();
            }
            final long start = System.nanoTime();
            assertFalse(producer.send(1, message, 0, 8, 30, TimeUnit.MILLISECONDS, new SleepingMillisIdleStrategy(1)));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
        }
    }

    @Test
    @SuppressWarnings("try") // the sender closes the producer mid-block: that is what is tested
    void blockingCallsWakeUpWhenThePeerActs() throws Exception
    {
        try (ChannelProducer producer = channel.producer(); ChannelConsumer consumer = channel.consumer())
        {
            final Thread sender = new Thread(() ->
            {
                try
                {
                    Thread.sleep(50);
                    producer.offerLong(9, 42);
                    producer.close();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            });
            sender.start();
            final long[] value = {0};
            assertEquals(1, consumer.receive((t, b, i, l) -> value[0] = b.getLong(i), 10, 5, TimeUnit.SECONDS,
                new BackoffIdleStrategy()));
            assertEquals(42, value[0]);
            assertEquals(ChannelConsumer.CLOSED, consumer.receive((t, b, i, l) -> { }, 10, 5, TimeUnit.SECONDS,
                new BackoffIdleStrategy()));
            sender.join();
        }
    }

    @Test
    void blockingCallsAreInterruptible() throws Exception
    {
        try (ChannelConsumer consumer = channel.consumer())
        {
            final AtomicReference<Throwable> thrown = new AtomicReference<>();
            final Thread receiver = new Thread(() ->
            {
                try
                {
                    consumer.receive((t, b, i, l) -> { }, 10, 1, TimeUnit.MINUTES, new SleepingMillisIdleStrategy(1));
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
    void aSecondProducerIsRefusedUntilTheFirstCloses()
    {
        final ChannelProducer first = channel.producer();
        final IpcsyncException ex = assertThrows(IpcsyncException.class, channel::producer);
        assertTrue(ex.getMessage().contains("already has a live producer (pid " + ProcessHandle.current().pid() +
            ", this process)"), ex.getMessage());
        first.close();
        channel.producer().close();
    }

    @Test
    void aClosedHandleCannotBeUsed()
    {
        final ChannelProducer producer = channel.producer();
        producer.close();
        producer.close(); // idempotent
        assertThrows(ChannelClosedException.class, () -> producer.offerLong(1, 1));
        final ChannelConsumer consumer = channel.consumer();
        consumer.close();
        assertThrows(ChannelClosedException.class, () -> consumer.poll((t, b, i, l) -> { }, 1));
    }

    @Test
    void sizesSetExplicitlyMustMatchAnExistingFile()
    {
        channel.producer().close();
        final ChannelFileException ex = assertThrows(ChannelFileException.class,
            () -> Channels.spsc("orders").directory(directory.path()).capacity(8192).consumer());
        assertTrue(ex.getMessage().contains("differ from the requested 8192"), ex.getMessage());
        Channels.spsc("orders").directory(directory.path()).consumer().close();
    }
}
