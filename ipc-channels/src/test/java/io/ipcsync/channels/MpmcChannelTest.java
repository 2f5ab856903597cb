package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.ChannelFileException;
import io.ipcsync.core.IpcsyncException;
import io.ipcsync.core.TestDirectory;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPMC and MPMC channels through the public API, between threads of one process.
 */
class MpmcChannelTest
{
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

    @Test
    void theDefaultMaxMessageLengthFillsOneKibibyteSlotsOrASixteenthOfTheRing()
    {
        try (ChannelProducer big = Channels.mpmc("big").directory(directory.path()).producer();
            ChannelProducer small = Channels.spmc("small").directory(directory.path()).capacity(4096).producer();
            ChannelProducer explicit = Channels.mpmc("explicit").directory(directory.path()).maxMessageLength(8).producer())
        {
            assertEquals(1008, big.maxMessageLength());
            assertEquals(240, small.maxMessageLength());
            assertEquals(8, explicit.maxMessageLength());
        }
    }

    @Test
    void sendAndReceiveWaitForTheTimeoutAndStopOnInterruption() throws Exception
    {
        final ChannelBuilder channel = Channels.mpmc("waits").directory(directory.path()).capacity(1024).maxMessageLength(8);
        try (ChannelConsumer consumer = channel.consumer(); ChannelProducer producer = channel.producer())
        {
            final long start = System.nanoTime();
            assertEquals(0, consumer.receive((type, buffer, index, length) -> { }, 10, 50, TimeUnit.MILLISECONDS,
                new YieldingIdleStrategy()));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
            final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
            int sent = 0;
            while (producer.send(1, message, 0, 8, 20, TimeUnit.MILLISECONDS, new BusySpinIdleStrategy()))
            {
                sent++;
            }
            assertEquals(32, sent, "1 KiB of 32-byte slots");
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class,
                () -> producer.send(1, message, 0, 8, 1, TimeUnit.SECONDS, new YieldingIdleStrategy()));
            assertEquals(10, consumer.receive((type, buffer, index, length) -> { }, 10, 1, TimeUnit.SECONDS,
                new YieldingIdleStrategy()));
        }
    }

    @Test
    void anSpmcChannelTakesOneLiveProducerAndManyConsumers()
    {
        final ChannelBuilder channel = Channels.spmc("one-producer").directory(directory.path());
        try (ChannelProducer producer = channel.producer(); ChannelConsumer a = channel.consumer();
            ChannelConsumer b = channel.consumer())
        {
            final IpcsyncException ex = assertThrows(IpcsyncException.class, channel::producer);
            assertTrue(ex.getMessage().contains("already has a live producer"), ex.getMessage());
            assertTrue(producer.offerLong(1, 1));
            assertTrue(producer.offerLong(1, 2));
            assertEquals(1, a.poll((type, buffer, index, length) -> assertEquals(1, buffer.getLong(index)), 1));
            assertEquals(1, b.poll((type, buffer, index, length) -> assertEquals(2, buffer.getLong(index)), 1));
            assertTrue(producer.isConsumerAlive());
            assertTrue(a.isProducerAlive());
        }
    }

    @Test
    void aFileOfAnotherModeIsAClearError()
    {
        try (ChannelProducer producer = Channels.spsc("spsc").directory(directory.path()).producer())
        {
            assertTrue(producer.offerLong(1, 1));
            final ChannelFileException ex = assertThrows(ChannelFileException.class,
                () -> Channels.mpmc("spsc").directory(directory.path()).consumer());
            assertTrue(ex.getMessage().contains("mode is SPSC, opened as MPMC"), ex.getMessage());
        }
    }

    @Test
    @Timeout(60)
    void twoProducerThreadsAndTwoConsumerThreadsShareTheWorkExactlyOnce() throws Exception
    {
        final int per = 100_000;
        final ChannelBuilder channel = Channels.mpmc("threads").directory(directory.path()).capacity(64 * 1024)
            .maxMessageLength(48);
        final BitSet[][] got = {{new BitSet(), new BitSet()}, {new BitSet(), new BitSet()}};
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();
        final ChannelConsumer[] consumers = {channel.consumer(), channel.consumer()};
        final ChannelProducer[] producers = {channel.producer(), channel.producer()};
        for (int c = 0; c < 2; c++)
        {
            final ChannelConsumer consumer = consumers[c];
            final BitSet[] mine = got[c];
            threads.add(new Thread(() ->
            {
                try (consumer)
                {
                    final long[] last = {-1, -1};
                    int status;
                    do
                    {
                        status = consumer.receive((type, buffer, index, length) ->
                        {
                            final long seq = buffer.getLong(index);
                            assertTrue(seq > last[type]);
                            last[type] = seq;
                            mine[type].set((int)seq);
                        }, 32, 10, TimeUnit.SECONDS, new YieldingIdleStrategy());
                    }
                    while (status > 0);
                    assertEquals(ChannelConsumer.CLOSED, status);
                }
                catch (final InterruptedException ex)
                {
                    throw new AssertionError(ex);
                }
            }));
        }
        for (int p = 0; p < 2; p++)
        {
            final ChannelProducer producer = producers[p];
            final int id = p;
            threads.add(new Thread(() ->
            {
                try (producer)
                {
                    for (long seq = 0; seq < per; seq++)
                    {
                        while (!producer.offerLong(id, seq))
                        {
                            Thread.yield();
                        }
                    }
                }
            }));
        }
        for (final Thread thread : threads)
        {
            thread.setUncaughtExceptionHandler((t, ex) -> failure.compareAndSet(null, ex));
            thread.start();
        }
        for (final Thread thread : threads)
        {
            thread.join(TimeUnit.SECONDS.toMillis(50));
            assertFalse(thread.isAlive());
        }
        if (failure.get() != null)
        {
            throw new AssertionError(failure.get());
        }
        for (int p = 0; p < 2; p++)
        {
            assertFalse(got[0][p].intersects(got[1][p]), "producer " + p + ": a message went to both consumers");
            final BitSet union = (BitSet)got[0][p].clone();
            union.or(got[1][p]);
            assertEquals(per, union.cardinality(), "producer " + p + ": messages lost");
        }
    }
}
