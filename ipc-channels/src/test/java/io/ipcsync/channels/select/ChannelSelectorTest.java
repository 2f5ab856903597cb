package io.ipcsync.channels.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.channels.MessageHandler;
import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.TestDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ChannelSelectorTest
{
    private static final IdleStrategy SLEEPING = new SleepingMillisIdleStrategy(1);

    private TestDirectory directory;
    private final List<ChannelProducer> producers = new ArrayList<>();
    private final List<ChannelConsumer> consumers = new ArrayList<>();

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
    }

    @AfterEach
    void tearDown()
    {
        producers.forEach(ChannelProducer::close);
        consumers.forEach(ChannelConsumer::close);
        directory.close();
    }

    /** Opens {@code count} SPSC channels, both sides, in this test's directory. */
    private void open(final int count, final int capacity)
    {
        for (int i = 0; i < count; i++)
        {
            final var builder = Channels.spsc("channel-" + i).directory(directory.path()).capacity(capacity);
            producers.add(builder.producer());
            consumers.add(builder.consumer());
        }
    }

    /** Records every status the listener hears, in order, as {channel, status} pairs. */
    private static final class Statuses implements ChannelStatusListener
    {
        final List<int[]> heard = new ArrayList<>();

        @Override
        public void onStatus(final int channel, final int status)
        {
            heard.add(new int[] {channel, status});
        }

        int count(final int channel, final int status)
        {
            int count = 0;
            for (final int[] pair : heard)
            {
                if (pair[0] == channel && pair[1] == status)
                {
                    count++;
                }
            }
            return count;
        }
    }

    @Test
    @Timeout(120)
    void sixtyFourChannelsFedByProducerThreadsDeliverEveryMessageOnceInOrder() throws Exception
    {
        final int channels = 64;
        final int threads = 4;
        final long perChannel = 20_000;
        open(channels, 16 * 1024);
        final long[] next = new long[channels];
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Statuses statuses = new Statuses();
        final ChannelMessageHandler check = (channel, type, buffer, index, length) ->
        {
            final long seq = buffer.getLong(index);
            if (type != channel || seq != next[channel])
            {
                throw new AssertionError("channel " + channel + ": expected message " + next[channel] +
                    " of type " + channel + ", got " + seq + " of type " + type);
            }
            next[channel]++;
        };
        final ChannelSelector.Builder builder = ChannelSelector.builder().onStatus(statuses);
        for (int channel = 0; channel < channels; channel++)
        {
            if ((channel & 1) == 0)
            {
                builder.add(consumers.get(channel), check);
            }
            else
            {
                final int self = channel; // half the channels with a handler of their own
                builder.add(consumers.get(channel), (type, buffer, index, length) ->
                    check.onMessage(self, type, buffer, index, length));
            }
        }
        final ChannelSelector selector = builder.build();

        final List<Thread> feeders = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int first = t;
            final Thread feeder = new Thread(() ->
            {
                try
                {
                    // each thread feeds its channels round-robin, skipping a full one for now
                    final long[] sent = new long[channels];
                    int open = channels / threads;
                    while (open > 0)
                    {
                        for (int channel = first; channel < channels; channel += threads)
                        {
                            if (sent[channel] < perChannel && producers.get(channel).offerLong(channel, sent[channel]) &&
                                ++sent[channel] == perChannel)
                            {
                                producers.get(channel).close();
                                open--;
                            }
                        }
                        Thread.onSpinWait();
                    }
                }
                catch (final Throwable ex)
                {
                    failure.set(ex);
                }
            }, "feeder-" + t);
            feeder.start();
            feeders.add(feeder);
        }

        long handled = 0;
        int result;
        while ((result = selector.select(10, TimeUnit.SECONDS, new YieldingIdleStrategy())) != ChannelSelector.ALL_ENDED)
        {
            assertTrue(result > 0, "no message for 10 s, feeders failed? " + failure.get());
            handled += result;
        }
        for (final Thread feeder : feeders)
        {
            feeder.join();
        }
        assertEquals(null, failure.get());
        assertEquals(channels * perChannel, handled);
        for (int channel = 0; channel < channels; channel++)
        {
            assertEquals(perChannel, next[channel], "channel " + channel);
            assertEquals(ChannelConsumer.CLOSED, selector.status(channel));
            assertEquals(1, statuses.count(channel, ChannelConsumer.CLOSED), "channel " + channel + " reported once");
        }
        assertEquals(channels, statuses.heard.size());
        assertEquals(0, selector.activeChannels());
        assertEquals(ChannelSelector.ALL_ENDED, selector.selectNow());
    }

    @Test
    @Timeout(60)
    void aFloodedChannelDelaysAnOccasionalMessageByAtMostOneBatch()
    {
        final int channels = 64;
        final int batchLimit = 32;
        open(channels, 16 * 1024);
        final long[] polled = {0};
        final long[] floodPolled = {0};
        final long[] arrivedAt = new long[channels];
        final ChannelSelector.Builder builder = ChannelSelector.builder().batchLimit(batchLimit);
        builder.add(consumers.get(0), (type, buffer, index, length) ->
        {
            polled[0]++;
            floodPolled[0]++;
        });
        for (int channel = 1; channel < channels; channel++)
        {
            builder.add(consumers.get(channel), (channel1, type, buffer, index, length) ->
            {
                polled[0]++;
                arrivedAt[channel1] = polled[0];
            });
        }
        final ChannelSelector selector = builder.build();
        final ChannelProducer flood = producers.get(0);
        final long[] floodSeq = {0};
        // this thread keeps channel 0 full before every round, so the flood never pauses, whatever the scheduler does
        final Runnable topUp = () ->
        {
            while (flood.offerLong(0, floodSeq[0]))
            {
                floodSeq[0]++;
            }
        };

        final SplittableRandom random = new SplittableRandom(7);
        long worst = 0;
        int rounds = 0;
        for (int trial = 0; trial < 2_000; trial++)
        {
            final int channel = 1 + random.nextInt(channels - 1);
            arrivedAt[channel] = -1;
            topUp.run();
            final long offeredAt = polled[0];
            assertTrue(producers.get(channel).offerLong(channel, trial));
            while (arrivedAt[channel] < 0)
            {
                selector.selectNow();
                rounds++;
                topUp.run();
            }
            worst = Math.max(worst, arrivedAt[channel] - offeredAt);
        }
        // the next round polls every channel once and takes at most batchLimit from the flood
        assertTrue(worst <= batchLimit + 1, "an occasional message waited " + worst + " messages");
        assertEquals(2_000, rounds, "each occasional message arrived in the round after it was sent");
        assertEquals(2_000L * batchLimit, floodPolled[0], "every round took a full batch from the flood");
    }

    @Test
    void rotationGivesEveryChannelTheFirstTurnInTurn()
    {
        open(3, 4096);
        final List<Integer> order = new ArrayList<>();
        final ChannelSelector selector = ChannelSelector.builder()
            .add(consumers.get(0), (channel, type, buffer, index, length) -> order.add(channel))
            .add(consumers.get(1), (channel, type, buffer, index, length) -> order.add(channel))
            .add(consumers.get(2), (channel, type, buffer, index, length) -> order.add(channel))
            .batchLimit(1)
            .build();
        for (int round = 0; round < 3; round++)
        {
            for (final ChannelProducer producer : producers)
            {
                assertTrue(producer.offerLong(1, round));
            }
            assertEquals(3, selector.selectNow());
        }
        assertEquals(List.of(0, 1, 2, 1, 2, 0, 2, 0, 1), order);
        assertEquals(0, selector.selectNow());
    }

    @Test
    void biasedSelectionTakesLowerIndexesFirstAndStopsAtTheFirstThatHadMessages()
    {
        open(3, 64 * 1024);
        final List<Integer> order = new ArrayList<>();
        final ChannelMessageHandler record = (channel, type, buffer, index, length) -> order.add(channel);
        final ChannelSelector selector = ChannelSelector.builder()
            .add(consumers.get(0), record).add(consumers.get(1), record).add(consumers.get(2), record)
            .batchLimit(10).biased().build();
        assertTrue(selector.isBiased());
        assertTrue(producers.get(2).offerLong(1, 0));
        assertTrue(producers.get(1).offerLong(1, 0));
        for (int i = 0; i < 25; i++)
        {
            assertTrue(producers.get(0).offerLong(1, i));
        }
        assertEquals(10, selector.selectNow());
        assertEquals(10, selector.selectNow());
        assertEquals(5, selector.selectNow());
        assertEquals(1, selector.selectNow());
        assertEquals(1, selector.selectNow());
        assertEquals(0, selector.selectNow());
        final List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++)
        {
            expected.add(0);
        }
        expected.add(1);
        expected.add(2);
        assertEquals(expected, order);
    }

    @Test
    @Timeout(30)
    void aTimedSelectReturnsZeroOnTime() throws Exception
    {
        open(8, 4096);
        final ChannelSelector.Builder builder = ChannelSelector.builder();
        consumers.forEach(consumer -> builder.add(consumer, (type, buffer, index, length) ->
        {
        }));
        final ChannelSelector selector = builder.build();
        for (final long millis : new long[] {0, 1, 50, 200})
        {
            final long start = System.nanoTime();
            assertEquals(0, selector.select(millis, TimeUnit.MILLISECONDS, SLEEPING));
            final long elapsed = System.nanoTime() - start;
            assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(millis), "returned early after " + elapsed + " ns");
            assertTrue(elapsed < TimeUnit.MILLISECONDS.toNanos(millis) + TimeUnit.SECONDS.toNanos(2),
                "returned late after " + elapsed + " ns");
        }
        assertEquals(0, selector.select(-5, TimeUnit.SECONDS, SLEEPING), "a negative timeout polls once");
    }

    @Test
    @Timeout(30)
    void aBlockingSelectReturnsWhenAMessageArrives() throws Exception
    {
        open(8, 4096);
        final long[] received = {-1};
        final ChannelSelector.Builder builder = ChannelSelector.builder();
        consumers.forEach(consumer -> builder.add(consumer, (type, buffer, index, length) -> received[0] = buffer.getLong(index)));
        final ChannelSelector selector = builder.build();
        final Thread late = new Thread(() ->
        {
            try
            {
                Thread.sleep(100);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            producers.get(5).offerLong(1, 55);
        });
        late.start();
        assertEquals(1, selector.select(20, TimeUnit.SECONDS, SLEEPING));
        assertEquals(55, received[0]);
        late.join();
    }

    @Test
    @Timeout(30)
    void interruptionEndsAWaitingSelectAndClearsTheFlag() throws Exception
    {
        open(4, 4096);
        final ChannelSelector.Builder builder = ChannelSelector.builder();
        consumers.forEach(consumer -> builder.add(consumer, (type, buffer, index, length) ->
        {
        }));
        final ChannelSelector selector = builder.build();
        final CountDownLatch waiting = new CountDownLatch(1);
        final AtomicReference<Throwable> outcome = new AtomicReference<>();
        final AtomicBoolean flagAfter = new AtomicBoolean(true);
        final Thread selecting = new Thread(() ->
        {
            waiting.countDown();
            try
            {
                selector.select(1, TimeUnit.MINUTES, SLEEPING);
                outcome.set(new AssertionError("select returned"));
            }
            catch (final Throwable ex)
            {
                outcome.set(ex);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        selecting.start();
        waiting.await();
        Thread.sleep(50);
        selecting.interrupt();
        selecting.join(10_000);
        assertFalse(selecting.isAlive(), "interrupt did not end the select");
        assertTrue(outcome.get() instanceof InterruptedException, "got " + outcome.get());
        assertTrue(outcome.get().getMessage().contains("selecting over 4 channels"), outcome.get().getMessage());
        assertFalse(flagAfter.get(), "the interrupt flag is cleared");

        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> selector.select(1, TimeUnit.MINUTES, SLEEPING));
        assertFalse(Thread.interrupted());
    }

    @Test
    @Timeout(30)
    void eachClosedChannelIsReportedOnceAndAllEndedReturnsAtOnce() throws Exception
    {
        open(6, 4096);
        final Statuses statuses = new Statuses();
        final long[] received = new long[6];
        final ChannelSelector.Builder builder = ChannelSelector.builder().onStatus(statuses);
        consumers.forEach(consumer -> builder.add(consumer, (channel, type, buffer, index, length) -> received[channel]++));
        final ChannelSelector selector = builder.build();

        for (int channel = 0; channel < 6; channel++)
        {
            assertTrue(producers.get(channel).offerLong(1, channel));
        }
        producers.get(1).close();
        producers.get(4).close();
        // the last messages of a closed channel come first, then its end
        assertEquals(6, selector.selectNow());
        assertTrue(statuses.heard.isEmpty());
        assertEquals(0, selector.selectNow());
        assertEquals(2, statuses.heard.size());
        for (int round = 0; round < 100; round++)
        {
            assertEquals(0, selector.selectNow());
        }
        assertEquals(1, statuses.count(1, ChannelConsumer.CLOSED));
        assertEquals(1, statuses.count(4, ChannelConsumer.CLOSED));
        assertEquals(2, statuses.heard.size(), "reported once each");
        assertEquals(ChannelConsumer.CLOSED, selector.status(1));
        assertEquals(ChannelSelector.ACTIVE, selector.status(0));
        assertEquals(4, selector.activeChannels());

        // the survivors still deliver
        assertTrue(producers.get(5).offerLong(1, 9));
        assertEquals(1, selector.select(1, TimeUnit.SECONDS, SLEEPING));
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 2}, received);

        for (final int channel : new int[] {0, 2, 3, 5})
        {
            producers.get(channel).close();
        }
        final long start = System.nanoTime();
        assertEquals(ChannelSelector.ALL_ENDED, selector.select(1, TimeUnit.MINUTES, SLEEPING));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "all-ended does not wait");
        assertEquals(ChannelSelector.ALL_ENDED, selector.selectNow());
        assertEquals(ChannelSelector.ALL_ENDED, selector.select(1, TimeUnit.MINUTES, SLEEPING));
        assertEquals(6, statuses.heard.size());
        for (int channel = 0; channel < 6; channel++)
        {
            assertEquals(1, statuses.count(channel, ChannelConsumer.CLOSED), "channel " + channel);
        }
        assertEquals(0, selector.activeChannels());
    }

    @Test
    void otherNegativeStatusesAreReportedEachTimeAndTheChannelIsKept()
    {
        final int lapped = -3;
        final ScriptedConsumer scripted = new ScriptedConsumer(new int[] {lapped, 2, lapped, 0, ChannelConsumer.PEER_DEAD});
        final Statuses statuses = new Statuses();
        final int[] messages = {0};
        final ChannelSelector selector = ChannelSelector.builder()
            .add(scripted, (type, buffer, index, length) -> messages[0]++)
            .onStatus(statuses)
            .build();
        assertEquals(0, selector.selectNow());
        assertEquals(2, selector.selectNow());
        assertEquals(0, selector.selectNow());
        assertEquals(0, selector.selectNow());
        assertEquals(0, selector.selectNow());
        assertEquals(ChannelSelector.ALL_ENDED, selector.selectNow());
        assertEquals(5, scripted.polls, "not polled after its end");
        assertEquals(2, messages[0]);
        assertEquals(3, statuses.heard.size());
        assertEquals(2, statuses.count(0, lapped));
        assertEquals(1, statuses.count(0, ChannelConsumer.PEER_DEAD));
        assertEquals(ChannelConsumer.PEER_DEAD, selector.status(0));
    }

    @Test
    void aListenerThatThrowsStillHearsEachEndOnce()
    {
        final ScriptedConsumer scripted = new ScriptedConsumer(new int[] {ChannelConsumer.CLOSED});
        final int[] calls = {0};
        final ChannelSelector selector = ChannelSelector.builder()
            .add(scripted, (type, buffer, index, length) ->
            {
            })
            .onStatus((channel, status) ->
            {
                calls[0]++;
                throw new IllegalStateException("listener failed");
            })
            .build();
        assertThrows(IllegalStateException.class, selector::selectNow);
        assertEquals(ChannelSelector.ALL_ENDED, selector.selectNow());
        assertEquals(1, calls[0]);
        assertEquals(1, scripted.polls);
    }

    @Test
    void aHandlerThatThrowsEndsTheRoundAndTheNextRoundGoesOn()
    {
        open(3, 4096);
        final List<Long> seen = new ArrayList<>();
        final ChannelSelector selector = ChannelSelector.builder()
            .add(consumers.get(0), (type, buffer, index, length) ->
            {
                throw new IllegalStateException("bad message " + buffer.getLong(index));
            })
            .add(consumers.get(1), (type, buffer, index, length) -> seen.add(buffer.getLong(index)))
            .add(consumers.get(2), (type, buffer, index, length) -> seen.add(buffer.getLong(index)))
            .build();
        for (int channel = 0; channel < 3; channel++)
        {
            assertTrue(producers.get(channel).offerLong(1, channel));
        }
        final IllegalStateException ex = assertThrows(IllegalStateException.class, selector::selectNow);
        assertEquals("bad message 0", ex.getMessage());
        assertEquals(2, selector.selectNow(), "the message it threw on counts as read; the others follow");
        assertEquals(List.of(1L, 2L), seen);
    }

    @Test
    void removedChannelsAreNotPolledNotReportedAndCountTowardsAllEnded()
    {
        open(3, 4096);
        final Statuses statuses = new Statuses();
        final long[] received = new long[3];
        final ChannelSelector[] self = new ChannelSelector[1];
        final ChannelSelector selector = ChannelSelector.builder()
            .add(consumers.get(0), (channel, type, buffer, index, length) ->
            {
                received[channel]++;
                self[0].remove(2); // from inside a round, before channel 2's turn
            })
            .add(consumers.get(1), (channel, type, buffer, index, length) -> received[channel]++)
            .add(consumers.get(2), (channel, type, buffer, index, length) -> received[channel]++)
            .onStatus(statuses)
            .build();
        self[0] = selector;
        for (int channel = 0; channel < 3; channel++)
        {
            assertTrue(producers.get(channel).offerLong(1, channel));
        }
        assertEquals(2, selector.selectNow());
        assertArrayEquals(new long[] {1, 1, 0}, received);
        assertEquals(ChannelSelector.REMOVED, selector.status(2));
        assertEquals(2, selector.activeChannels());
        assertTrue(producers.get(2).offerLong(1, 2));
        assertEquals(0, selector.selectNow());
        assertEquals(0, received[2]);

        producers.get(2).close();
        selector.remove(0);
        selector.remove(0);
        assertEquals(ChannelSelector.REMOVED, selector.status(0));
        producers.get(1).close();
        assertEquals(0, selector.selectNow());
        assertEquals(ChannelSelector.ALL_ENDED, selector.selectNow());
        assertEquals(1, statuses.heard.size(), "only channel 1's end is reported: " + statuses.heard.size());
        assertEquals(1, statuses.count(1, ChannelConsumer.CLOSED));
        selector.remove(1);
        assertEquals(ChannelConsumer.CLOSED, selector.status(1), "removing an ended channel does nothing");
        assertEquals(2, consumers.get(2).poll((type, buffer, index, length) ->
        {
        }, 10), "a removed channel's consumer stays open and keeps its messages");
    }

    @Test
    void aConsumerClosedBehindTheSelectorsBackFailsTheRound()
    {
        open(2, 4096);
        final ChannelSelector selector = ChannelSelector.builder()
            .add(consumers.get(0), (type, buffer, index, length) ->
            {
            })
            .add(consumers.get(1), (type, buffer, index, length) ->
            {
            })
            .build();
        consumers.get(1).close();
        assertThrows(ChannelClosedException.class, selector::selectNow);
        selector.remove(1);
        assertEquals(0, selector.selectNow());
        assertSame(consumers.get(1), selector.consumer(1));
    }

    @Test
    void badInputIsRefusedClearly()
    {
        open(1, 4096);
        final ChannelConsumer consumer = consumers.get(0);
        final MessageHandler handler = (type, buffer, index, length) ->
        {
        };
        final ChannelSelector.Builder builder = ChannelSelector.builder();
        assertEquals("consumer", assertThrows(NullPointerException.class, () -> builder.add(null, handler)).getMessage());
        assertEquals("handler", assertThrows(NullPointerException.class,
            () -> builder.add(consumer, (MessageHandler)null)).getMessage());
        assertEquals("handler", assertThrows(NullPointerException.class,
            () -> builder.add(consumer, (ChannelMessageHandler)null)).getMessage());
        assertEquals("listener", assertThrows(NullPointerException.class, () -> builder.onStatus(null)).getMessage());
        assertEquals("batchLimit 0 must be positive",
            assertThrows(IllegalArgumentException.class, () -> builder.batchLimit(0)).getMessage());
        assertTrue(assertThrows(IllegalStateException.class, builder::build).getMessage().contains("none was added"));
        builder.add(consumer, handler);
        final IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> builder.add(consumer, handler));
        assertTrue(twice.getMessage().contains("was added already as channel 0"), twice.getMessage());

        final ChannelSelector selector = builder.build();
        assertEquals(1, selector.channels());
        assertEquals(ChannelSelector.DEFAULT_BATCH_LIMIT, selector.batchLimit());
        assertFalse(selector.isBiased());
        assertThrows(IndexOutOfBoundsException.class, () -> selector.status(1));
        assertThrows(IndexOutOfBoundsException.class, () -> selector.remove(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> selector.consumer(1));
        assertThrows(NullPointerException.class, () -> selector.select(1, null, SLEEPING));
        assertThrows(NullPointerException.class, () -> selector.select(1, TimeUnit.SECONDS, null));
        assertEquals("ChannelSelector{channels=1, active=1, batchLimit=64, fair}", selector.toString());
    }

    @Test
    @Timeout(60)
    void selectingAllocatesNothingPerMessage() throws Exception
    {
        final int channels = 8;
        open(channels, 64 * 1024);
        final long[] next = new long[channels];
        final ChannelSelector.Builder builder = ChannelSelector.builder();
        for (int channel = 0; channel < channels; channel++)
        {
            if ((channel & 1) == 0)
            {
                builder.add(consumers.get(channel), (channel1, type, buffer, index, length) ->
                {
                    if (buffer.getLong(index) != next[channel1]++)
                    {
                        throw new AssertionError("channel " + channel1 + " out of order");
                    }
                });
            }
            else
            {
                final int self = channel;
                builder.add(consumers.get(channel), (type, buffer, index, length) ->
                {
                    if (buffer.getLong(index) != next[self]++)
                    {
                        throw new AssertionError("channel " + self + " out of order");
                    }
                });
            }
        }
        final ChannelSelector selector = builder.build();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread feeder = new Thread(() ->
        {
            final long[] sent = new long[channels];
            while (running.get())
            {
                for (int channel = 0; channel < channels; channel++)
                {
                    if (producers.get(channel).offerLong(1, sent[channel]))
                    {
                        sent[channel]++;
                    }
                }
            }
        }, "feeder");
        feeder.start();
        try
        {
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
            final BusySpinIdleStrategy idle = new BusySpinIdleStrategy();
            selectMessages(selector, idle, 300_000); // warm-up: compiled code, no first-call allocations
            final long calibrationStart = threads.getCurrentThreadAllocatedBytes();
            final long calibration = threads.getCurrentThreadAllocatedBytes() - calibrationStart;
            final long before = threads.getCurrentThreadAllocatedBytes();
            final long messages = selectMessages(selector, idle, 100_000);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before - calibration;
            assertTrue(messages >= 100_000);
            assertTrue(allocated < 1024, allocated + " bytes allocated while selecting " + messages + " messages");
        }
        finally
        {
            running.set(false);
            feeder.join();
        }
    }

    private static long selectMessages(final ChannelSelector selector, final IdleStrategy idle, final long count)
        throws InterruptedException
    {
        long handled = 0;
        while (handled < count)
        {
            final int result = selector.select(10, TimeUnit.SECONDS, idle);
            if (result <= 0)
            {
                throw new AssertionError("select returned " + result);
            }
            handled += result;
        }
        return handled;
    }

    /** A consumer that returns scripted poll results, standing in for modes with statuses SPSC lacks. */
    private static final class ScriptedConsumer implements ChannelConsumer
    {
        private final int[] results;
        int polls;

        ScriptedConsumer(final int[] results)
        {
            this.results = results;
        }

        @Override
        public int poll(final MessageHandler handler, final int limit)
        {
            final int result = results[polls++];
            for (int i = 0; i < result; i++)
            {
                handler.onMessage(1, new org.agrona.concurrent.UnsafeBuffer(new byte[8]), 0, 8);
            }
            return result;
        }

        @Override
        public int receive(
            final MessageHandler handler, final int limit, final long timeout, final TimeUnit unit, final IdleStrategy idle)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public long lostMessages()
        {
            return 0;
        }

        @Override
        public boolean isProducerAlive()
        {
            return true;
        }

        @Override
        public void close()
        {
        }
    }
}
