package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFileException;
import io.ipcsync.core.TestDirectory;
import io.ipcsync.core.ring.MpscRingConsumer;
import io.ipcsync.core.ring.MpscRingProducer;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MpscChannelTest
{
    private TestDirectory directory;
    private ChannelBuilder channel;

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
        channel = Channels.mpsc("orders").directory(directory.path()).capacity(64 * 1024);
    }

    @AfterEach
    void tearDown()
    {
        directory.close();
    }

    @Test
    void statusConstantsAgreeWithTheRing()
    {
        assertEquals(MpscRingProducer.INSUFFICIENT_CAPACITY, ChannelProducer.INSUFFICIENT_CAPACITY);
        assertEquals(MpscRingConsumer.CLOSED, ChannelConsumer.CLOSED);
        assertEquals(MpscRingConsumer.PEER_DEAD, ChannelConsumer.PEER_DEAD);
    }

    @ParameterizedTest(name = "lanes {0}")
    @ValueSource(ints = {0, 2, 8})
    @Timeout(60)
    void eightProducerThreadsDeliverEveryMessageOnceInTheirOrder(final int lanes) throws Exception
    {
        final ChannelBuilder channel = this.channel.lanes(lanes);
        final int producers = 8;
        final int perProducer = 100_000;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> threads = new ArrayList<>();
        try (ChannelConsumer consumer = channel.consumer())
        {
            for (int p = 0; p < producers; p++)
            {
                final int id = p;
                final ChannelProducer producer = channel.producer();
                final Thread thread = new Thread(() ->
                {
                    final UnsafeBuffer message = new UnsafeBuffer(new byte[24]);
                    try (producer)
                    {
                        for (long seq = 0; seq < perProducer; seq++)
                        {
                            message.putLong(0, seq);
                            message.putLong(8, seq * 31 + id);
                            final int length = 16 + (int)(seq % 9);
                            if (!producer.send(id, message, 0, length, 30, TimeUnit.SECONDS, new BackoffIdleStrategy()))
                            {
                                throw new AssertionError("producer " + id + " timed out at " + seq);
                            }
                        }
                    }
                    catch (final Throwable ex)
                    {
                        failure.compareAndSet(null, ex);
                    }
                }, "producer-" + id);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            final long[] next = new long[producers];
            int status;
            while ((status = consumer.receive((type, buffer, index, length) ->
            {
                final long seq = buffer.getLong(index);
                if (seq != next[type] || buffer.getLong(index + 8) != seq * 31 + type || length != 16 + (int)(seq % 9))
                {
                    throw new AssertionError("producer " + type + ": expected " + next[type] + ", got " + seq +
                        " of " + length + " bytes");
                }
                next[type]++;
            }, 256, 30, TimeUnit.SECONDS, new BackoffIdleStrategy())) > 0)
            {
                if (failure.get() != null)
                {
                    throw new AssertionError(failure.get());
                }
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            if (failure.get() != null)
            {
                throw new AssertionError(failure.get());
            }
            assertEquals(ChannelConsumer.CLOSED, status);
            for (int p = 0; p < producers; p++)
            {
                assertEquals(perProducer, next[p], "producer " + p);
            }
        }
    }

    @ParameterizedTest(name = "lanes {0}")
    @ValueSource(ints = {0, 2})
    void receiveTimesOutAndIsInterruptible(final int lanes) throws Exception
    {
        final ChannelBuilder channel = this.channel.lanes(lanes);
        try (ChannelConsumer consumer = channel.consumer(); ChannelProducer producer = channel.producer())
        {
            final long start = System.nanoTime();
            assertEquals(0, consumer.receive((t, b, i, l) -> { }, 10, 50, TimeUnit.MILLISECONDS,
                new SleepingMillisIdleStrategy(1)));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> consumer.receive((t, b, i, l) -> { }, 10, 1, TimeUnit.SECONDS,
                new SleepingMillisIdleStrategy(1)));
            assertTrue(producer.offerLong(1, 5));
            final long[] value = {0};
            assertEquals(1, consumer.receive((t, b, i, l) -> value[0] = b.getLong(i), 10, 1, TimeUnit.SECONDS,
                new SleepingMillisIdleStrategy(1)));
            assertEquals(5, value[0]);
            assertTrue(producer.isConsumerAlive());
            assertTrue(consumer.isProducerAlive());
        }
    }

    @Test
    void aFullChannelMakesSendTimeOutAndAClosedConsumerFailsIt() throws Exception
    {
        final ChannelBuilder small = Channels.mpsc("small").directory(directory.path()).capacity(4096);
        try (ChannelProducer producer = small.producer())
        {
            final ChannelConsumer consumer = small.consumer();
            final UnsafeBuffer message = new UnsafeBuffer(new byte[100]);
            int sent = 0;
            while (producer.send(1, message, 0, 100, 20, TimeUnit.MILLISECONDS, new SleepingMillisIdleStrategy(1)))
            {
                sent++;
            }
            assertEquals(4096 / 112, sent);
            consumer.close();
            assertThrows(ChannelClosedException.class, () -> producer.offerLong(1, 1));
        }
    }

    @Test
    void anSpscChannelIsNotOpenedAsMpsc()
    {
        try (ChannelProducer producer = Channels.spsc("orders").directory(directory.path()).producer())
        {
            assertTrue(producer.offerLong(1, 1));
            final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> channel.producer());
            assertTrue(ex.getMessage().contains("mode is SPSC, opened as MPSC"), ex.getMessage());
        }
    }

    @Test
    void lanesAreForMpscOnlyAndProducersBeyondTheLanesShareTheOverflowRing()
    {
        final IllegalArgumentException notMpsc = assertThrows(IllegalArgumentException.class,
            () -> Channels.spsc("quotes").lanes(2));
        assertTrue(notMpsc.getMessage().contains("only MPSC channels have producer lanes"), notMpsc.getMessage());

        final ChannelBuilder laned = Channels.mpsc("laned").directory(directory.path()).capacity(4096).lanes(2);
        final ChannelProducer first = laned.producer();
        try (ChannelProducer second = laned.producer();
             ChannelProducer third = laned.producer();
             ChannelConsumer consumer = Channels.mpsc("laned").directory(directory.path()).consumer())
        {
            assertTrue(first instanceof SpscProducer && second instanceof SpscProducer, "the first two take the lanes");
            assertTrue(third instanceof MpscProducer, "the third shares the overflow ring");
            assertTrue(first.offerLong(1, 10));
            assertTrue(third.offerLong(3, 30));
            first.close();
            try (ChannelProducer fourth = laned.producer())
            {
                assertTrue(fourth instanceof SpscProducer, "the fourth takes the lane the first gave up");
                assertTrue(second.offerLong(2, 20));
                assertTrue(fourth.offerLong(4, 40));
                final List<Long> received = new ArrayList<>();
                int read = 0;
                while (read < 4)
                {
                    read += consumer.poll((type, buffer, index, length) -> received.add(buffer.getLong(index)), 10);
                }
                assertEquals(List.of(10L, 20L, 30L, 40L), received.stream().sorted().toList());
                assertEquals(received.indexOf(10L) + 1, received.indexOf(40L), "the fourth continued the first's lane");
            }
        }
        final ChannelFileException other = assertThrows(ChannelFileException.class,
            () -> Channels.mpsc("laned").directory(directory.path()).capacity(4096).consumer());
        assertTrue(other.getMessage().contains("lanes 2 differ from the requested 4096, 512 and " +
            ChannelBuilder.DEFAULT_MPSC_LANES), other.getMessage());
    }

    @Test
    void anMpscChannelHasTheDefaultLanesUnlessToldOtherwise() throws Exception
    {
        try (ChannelConsumer consumer = channel.consumer())
        {
            assertEquals(ChannelBuilder.DEFAULT_MPSC_LANES, channel.snapshot().layout().lanes());
            assertEquals(0, consumer.poll((type, buffer, index, length) -> { }, 10), "no producer yet: wait");
        }
        final ChannelBuilder shared = Channels.mpsc("shared").directory(directory.path()).lanes(0);
        try (ChannelProducer producer = shared.producer())
        {
            assertTrue(producer instanceof MpscProducer);
            assertEquals(0, shared.snapshot().layout().lanes());
        }
    }
}
