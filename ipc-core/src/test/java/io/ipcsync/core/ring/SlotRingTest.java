package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.PartyTableDescriptor.OWNER_FIELD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelFileException;
import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.CorruptChannelException;
import io.ipcsync.core.IpcsyncException;
import io.ipcsync.core.PeerDeadException;
import io.ipcsync.core.TestDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SlotRingTest
{
    private static final long LIVENESS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long CLAIM_TIMEOUT = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LONG_TIMEOUT = TimeUnit.SECONDS.toNanos(60);
    /** 4 KiB ring, 48-byte messages: 64 slots of 64 bytes. */
    private static final int CAPACITY = 4096;
    private static final int MAX_LENGTH = 48;

    private TestDirectory directory;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
    }

    @AfterEach
    void tearDown() throws Exception
    {
        for (int i = open.size() - 1; i >= 0; i--)
        {
            open.get(i).close();
        }
        directory.close();
    }

    private ChannelFile file(final ChannelMode mode, final int capacity, final int maxLength)
    {
        return file(mode, capacity, maxLength, "slots.ipc");
    }

    private ChannelFile file(final ChannelMode mode, final int capacity, final int maxLength, final String name)
    {
        final ChannelFile file = ChannelFile.openOrCreate(directory.resolve(name),
            new ChannelLayout(mode, capacity, maxLength), true, false, Duration.ofSeconds(1));
        open.add(file);
        return file;
    }

    private ChannelFile file(final ChannelMode mode)
    {
        return file(mode, CAPACITY, MAX_LENGTH);
    }

    private SlotRingProducer producer(final ChannelFile file)
    {
        final SlotRingProducer producer = new SlotRingProducer(file, LIVENESS);
        open.add(producer);
        return producer;
    }

    private SlotRingConsumer consumer(final ChannelFile file, final long claimTimeout)
    {
        final SlotRingConsumer consumer = new SlotRingConsumer(file, LIVENESS, claimTimeout);
        open.add(consumer);
        return consumer;
    }

    private static void forgeDead(final ChannelFile file, final Party party) throws Exception
    {
        file.header().putLongVolatile(party.offset() + OWNER_FIELD, DeadProcess.ownerToken());
    }

    /** Content of message {@code seq} of producer {@code producerId}: length and every byte derive from both. */
    private static int write(final UnsafeBuffer buffer, final int producerId, final long seq)
    {
        final int length = 8 + (int)((seq * 7 + producerId) % (MAX_LENGTH - 7));
        buffer.putLong(0, seq);
        for (int i = 8; i < length; i++)
        {
            buffer.putByte(i, contentByte(producerId, seq, i));
        }
        return length;
    }

    private static byte contentByte(final int producerId, final long seq, final int i)
    {
        return (byte)(seq * 31 + producerId * 17 + i);
    }

    private static long verify(final int producerId, final DirectBuffer buffer, final int index, final int length)
    {
        final long seq = buffer.getLong(index);
        final int expectedLength = 8 + (int)((seq * 7 + producerId) % (MAX_LENGTH - 7));
        if (length != expectedLength)
        {
            throw new AssertionError("producer " + producerId + " message " + seq + ": length " + length + ", expected " +
                expectedLength);
        }
        for (int i = 8; i < length; i++)
        {
            if (buffer.getByte(index + i) != contentByte(producerId, seq, i))
            {
                throw new AssertionError("producer " + producerId + " message " + seq + ": torn at byte " + i);
            }
        }
        return seq;
    }

    @Test
    void offsetsAndSlotLengthsMatchTheDrawing()
    {
        assertEquals(128, SlotRingDescriptor.SLOT_LENGTH_OFFSET);
        assertEquals(132, SlotRingDescriptor.SLOT_COUNT_OFFSET);
        assertEquals(256, SlotRingDescriptor.TAIL_OFFSET);
        assertEquals(384, SlotRingDescriptor.HEAD_OFFSET);
        assertTrue(SlotRingDescriptor.HEAD_OFFSET + SlotRingDescriptor.LINE_LENGTH <= PartyTableDescriptor.PRODUCERS_CLOSED_OFFSET);
        assertEquals(0, SlotRingDescriptor.STATE_WORD_FIELD);
        assertEquals(8, SlotRingDescriptor.LENGTH_FIELD);
        assertEquals(12, SlotRingDescriptor.TYPE_FIELD);
        assertEquals(16, SlotRingDescriptor.MESSAGE_FIELD);
        assertEquals(32, SlotRingDescriptor.slotLength(0));
        assertEquals(32, SlotRingDescriptor.slotLength(16));
        assertEquals(64, SlotRingDescriptor.slotLength(17));
        assertEquals(64, SlotRingDescriptor.slotLength(48));
        assertEquals(128, SlotRingDescriptor.slotLength(49));
        assertEquals(1024, SlotRingDescriptor.slotLength(1008));
        assertEquals(2048, SlotRingDescriptor.slotLength(1009));
        assertEquals(0b1101, SlotRingDescriptor.word(3, SlotRingDescriptor.COMMITTED));
        assertEquals(3, SlotRingDescriptor.lapOf(0b1110));
        assertEquals(SlotRingDescriptor.ABANDONED, SlotRingDescriptor.stateOf(0b1110));
        assertEquals(1, SlotRingDescriptor.claimRecord(0));
    }

    @Test
    @Timeout(60)
    void mpmcDeliversEveryMessageExactlyOnceIntactAndInProducerOrderAcrossFourConsumers() throws Exception
    {
        exactlyOnce(ChannelMode.MPMC, 4, 4, 50_000);
    }

    @Test
    @Timeout(60)
    void spmcDeliversEveryMessageExactlyOnceIntactAndInOrderAcrossFourConsumers() throws Exception
    {
        exactlyOnce(ChannelMode.SPMC, 1, 4, 200_000);
    }

    /**
     * Checks in each attempt that every message arrived exactly once, intact and in its producer's
     * order; and that in one attempt at least two consumers took some, or the test would say
     * nothing about consumers taking at once. On 2 CPUs one consumer thread now and then takes
     * every message of an attempt (it happened in CI on 2026-12-05), so that takes a few attempts.
     */
    private void exactlyOnce(final ChannelMode mode, final int producers, final int consumers, final int perProducer)
        throws Exception
    {
        final int attempts = 5;
        int sharedBy = 0;
        for (int attempt = 0; attempt < attempts && sharedBy < 2; attempt++)
        {
            sharedBy = exchange(mode, producers, consumers, perProducer, "slots-" + attempt + ".ipc");
        }
        assertTrue(sharedBy >= 2, "one consumer took every message in each of " + attempts + " attempts");
    }

    /** Sends every producer's messages to the consumers, checks them, and returns how many consumers took some. */
    private int exchange(final ChannelMode mode, final int producers, final int consumers, final int perProducer,
        final String fileName) throws Exception
    {
        final ChannelFile file = file(mode, CAPACITY, MAX_LENGTH, fileName);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final BitSet[][] received = new BitSet[consumers][producers];
        final List<Thread> threads = new ArrayList<>();
        final CountDownLatch consumersReady = new CountDownLatch(consumers);
        for (int c = 0; c < consumers; c++)
        {
            final BitSet[] mine = received[c];
            for (int p = 0; p < producers; p++)
            {
                mine[p] = new BitSet(perProducer);
            }
            final SlotRingConsumer consumer = consumer(file, CLAIM_TIMEOUT);
            threads.add(new Thread(() ->
            {
                final long[] last = new long[producers];
                java.util.Arrays.fill(last, -1);
                consumersReady.countDown();
                int status;
                while ((status = consumer.poll((type, buffer, index, length) ->
                {
                    final long seq = verify(type, buffer, index, length);
                    if (seq <= last[type])
                    {
                        throw new AssertionError("producer " + type + ": " + seq + " after " + last[type]);
                    }
                    last[type] = seq;
                    mine[type].set((int)seq);
                }, 16)) != SlotRingConsumer.CLOSED)
                {
                    if (status == 0)
                    {
                        Thread.yield();
                    }
                    assertTrue(status >= 0, "status " + status);
                }
            }, "consumer-" + c));
        }
        final SlotRingProducer[] ringProducers = new SlotRingProducer[producers];
        for (int p = 0; p < producers; p++)
        {
            ringProducers[p] = producer(file);
        }
        for (int p = 0; p < producers; p++)
        {
            final int producerId = p;
            final SlotRingProducer producer = ringProducers[p];
            threads.add(new Thread(() ->
            {
                final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_LENGTH]);
                for (long seq = 0; seq < perProducer; seq++)
                {
                    final int length = write(scratch, producerId, seq);
                    if ((seq & 1) == 0)
                    {
                        while (!producer.offer(producerId, scratch, 0, length))
                        {
                            Thread.yield();
                        }
                    }
                    else
                    {
                        int index;
                        while ((index = producer.tryClaim(producerId, length)) < 0)
                        {
                            Thread.yield();
                        }
                        producer.buffer().putBytes(index, scratch, 0, length);
                        producer.commit(index);
                    }
                }
                producer.close();
            }, "producer-" + p));
        }
        for (final Thread thread : threads)
        {
            thread.setUncaughtExceptionHandler((t, ex) -> failure.compareAndSet(null, ex));
            thread.start();
        }
        for (final Thread thread : threads)
        {
            thread.join(TimeUnit.SECONDS.toMillis(50));
            assertFalse(thread.isAlive(), thread.getName() + " did not finish");
        }
        if (failure.get() != null)
        {
            throw new AssertionError("a thread failed", failure.get());
        }
        for (int p = 0; p < producers; p++)
        {
            final BitSet union = new BitSet(perProducer);
            long total = 0;
            for (int c = 0; c < consumers; c++)
            {
                total += received[c][p].cardinality();
                union.or(received[c][p]);
            }
            assertEquals(perProducer, union.cardinality(), "producer " + p + ": messages lost");
            assertEquals(perProducer, total, "producer " + p + ": messages delivered twice");
        }
        int consumersThatGotSome = 0;
        for (int c = 0; c < consumers; c++)
        {
            consumersThatGotSome += received[c][0].isEmpty() ? 0 : 1;
        }
        return consumersThatGotSome;
    }

    @Test
    void aFullRingRefusesUntilAConsumerTakesAndCountsItInThePartySlot()
    {
        final ChannelFile file = file(ChannelMode.MPMC);
        final SlotRingProducer producer = producer(file);
        final SlotRingConsumer consumer = consumer(file, CLAIM_TIMEOUT);
        assertEquals(64, producer.slotCount());
        for (long i = 0; i < 64; i++)
        {
            assertTrue(producer.offerLong(1, i), "slot " + i);
        }
        assertFalse(producer.offerLong(1, 64));
        assertEquals(SlotRingProducer.INSUFFICIENT_CAPACITY, producer.tryClaim(1, 8));
        assertEquals(64, consumer.backlog());
        final long[] got = new long[1];
        assertEquals(1, consumer.poll((type, buffer, index, length) -> got[0] = buffer.getLong(index), 1));
        assertEquals(0, got[0]);
        assertTrue(producer.offerLong(1, 64));
        final int slot = producer.party.offset();
        assertEquals(65, file.header().getLong(slot + PartyTableDescriptor.MESSAGES_FIELD));
        assertEquals(65 * 8, file.header().getLong(slot + PartyTableDescriptor.BYTES_FIELD));
        assertEquals(2, file.header().getLong(slot + PartyTableDescriptor.FULL_EVENTS_FIELD));
        assertEquals(1, file.header().getLong(consumer.party.offset() + PartyTableDescriptor.MESSAGES_FIELD));
    }

    @Test
    void theConsumerSeesClosedOnlyAfterTheLastProducerClosedAndEverythingWasTaken()
    {
        final ChannelFile file = file(ChannelMode.MPMC);
        final SlotRingConsumer consumer = consumer(file, CLAIM_TIMEOUT);
        final SlotRingProducer a = producer(file);
        final SlotRingProducer b = producer(file);
        assertTrue(a.offerLong(1, 1));
        final int claim = a.tryClaim(1, 8);
        a.close(); // aborts the open claim
        assertTrue(b.offerLong(2, 2));
        final List<Long> got = new ArrayList<>();
        for (int i = 0; i < 200; i++)
        {
            assertTrue(consumer.poll((type, buffer, index, length) -> got.add(buffer.getLong(index)), 16) >= 0,
                "b is still attached");
        }
        b.close();
        int status;
        final long deadline = System.nanoTime() + LONG_TIMEOUT;
        while ((status = consumer.poll((type, buffer, index, length) -> got.add(buffer.getLong(index)), 16)) >= 0)
        {
            assertTrue(System.nanoTime() < deadline);
        }
        assertEquals(SlotRingConsumer.CLOSED, status);
        assertEquals(List.of(1L, 2L), got, "the aborted claim at " + claim + " is skipped");
        assertThrows(ChannelClosedException.class, () -> a.offerLong(1, 3));
    }

    @Test
    void producersGetClosedOnceTheLastConsumerClosed()
    {
        final ChannelFile file = file(ChannelMode.SPMC);
        final SlotRingProducer producer = producer(file);
        final SlotRingConsumer a = consumer(file, CLAIM_TIMEOUT);
        final SlotRingConsumer b = consumer(file, CLAIM_TIMEOUT);
        a.close();
        for (int i = 0; i < 60; i++)
        {
            assertTrue(producer.offerLong(1, i), "b is still attached");
        }
        b.close();
        final ChannelClosedException ex = assertThrows(ChannelClosedException.class, () ->
        {
            for (int i = 0; i < 1000; i++)
            {
                producer.offerLong(1, i);
            }
        });
        assertTrue(ex.getMessage().contains("last consumer closed"), ex.getMessage());
        final SlotRingConsumer late = consumer(file, CLAIM_TIMEOUT); // attaching clears the flag
        int offered = 0;
        while (producer.offerLong(1, offered))
        {
            offered++;
        }
        assertTrue(offered <= 4, "the ring held at least 60 messages: " + offered);
        assertEquals(64, late.poll((type, buffer, index, length) -> { }, 100), "open again, and nothing was lost");
    }

    @Test
    void aFullRingWhoseConsumersAllDiedThrowsPeerDead() throws Exception
    {
        final ChannelFile file = file(ChannelMode.MPMC);
        final SlotRingProducer producer = producer(file);
        final SlotRingConsumer consumer = consumer(file, CLAIM_TIMEOUT);
        forgeDead(file, consumer.party);
        final long deadline = System.nanoTime() + LONG_TIMEOUT;
        final PeerDeadException ex = assertThrows(PeerDeadException.class, () ->
        {
            while (System.nanoTime() < deadline)
            {
                producer.offerLong(1, 0);
            }
        });
        assertTrue(ex.getMessage().contains("every consumer died"), ex.getMessage());
    }

    @Test
    void aConsumerWhoseProducersAllDiedDrainsThenSeesPeerDead() throws Exception
    {
        final ChannelFile file = file(ChannelMode.SPMC);
        final SlotRingProducer producer = producer(file);
        final SlotRingConsumer consumer = consumer(file, LONG_TIMEOUT);
        assertTrue(producer.offerLong(1, 7));
        producer.tryClaim(1, 8); // dies with a claim open
        forgeDead(file, producer.party);
        final List<Long> got = new ArrayList<>();
        int status;
        final long deadline = System.nanoTime() + LONG_TIMEOUT;
        while ((status = consumer.poll((type, buffer, index, length) -> got.add(buffer.getLong(index)), 16)) >= 0)
        {
            assertTrue(System.nanoTime() < deadline, "the dead producer's claim was not skipped");
        }
        assertEquals(SlotRingConsumer.PEER_DEAD, status);
        assertEquals(List.of(7L), got);
    }

    @Test
    @Timeout(60)
    void aClaimOfADeadProducerIsSkippedLongBeforeTheTimeoutAndNothingCommittedIsLost() throws Exception
    {
        final ChannelFile file = file(ChannelMode.MPMC);
        final SlotRingConsumer consumer = consumer(file, LONG_TIMEOUT);
        final SlotRingProducer dying = producer(file);
        final SlotRingProducer other = producer(file);
        assertTrue(dying.offerLong(1, 0));
        final int index = dying.tryClaim(1, 8);
        dying.buffer().putLong(index, -1L);
        for (long seq = 1; seq <= 3; seq++)
        {
            assertTrue(other.offerLong(2, seq));
        }
        forgeDead(file, dying.party);
        final List<Long> got = drain(consumer, 4);
        assertEquals(List.of(0L, 1L, 2L, 3L), got);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> dying.commit(index));
        assertTrue(ex.getMessage().contains("was skipped"), ex.getMessage());
        lapTwice(other, consumer);
    }

    @Test
    @Timeout(60)
    void aDeadSpmcProducersOpenClaimIsSkippedAndTheProducerThatTakesItsPlaceGoesOn() throws Exception
    {
        final ChannelFile file = file(ChannelMode.SPMC);
        final SlotRingConsumer consumer = consumer(file, LONG_TIMEOUT);
        final SlotRingProducer dying = producer(file);
        assertTrue(dying.offerLong(1, 0));
        final int index = dying.tryClaim(1, 8);
        dying.buffer().putLong(index, -1L);
        final IpcsyncException refused = assertThrows(IpcsyncException.class, () -> new SlotRingProducer(file, LIVENESS));
        assertTrue(refused.getMessage().contains("already has a live producer"), refused.getMessage());
        assertEquals(List.of(0L), drain(consumer, 1));
        assertEquals(0, consumer.poll((type, buffer, i, length) -> fail("the open claim is not a message"), 10));

        forgeDead(file, dying.party);
        final SlotRingProducer next = producer(file);
        for (long seq = 1; seq <= 3; seq++)
        {
            assertTrue(next.offerLong(2, seq));
        }
        assertEquals(List.of(1L, 2L, 3L), drain(consumer, 3), "the dead claim is skipped within the liveness interval");
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> dying.commit(index));
        assertTrue(ex.getMessage().contains("was skipped"), ex.getMessage());
        lapTwice(next, consumer);
    }

    @Test
    @Timeout(60)
    void aClaimOpenLongerThanTheTimeoutIsSkippedAndItsSlotWaitsForItsProducer()
    {
        final ChannelFile file = file(ChannelMode.MPMC);
        final SlotRingConsumer consumer = consumer(file, CLAIM_TIMEOUT);
        final SlotRingProducer slow = producer(file);
        final SlotRingProducer other = producer(file);
        final int index = slow.tryClaim(1, 8);
        assertTrue(other.offerLong(2, 1));
        final long start = System.nanoTime();
        assertEquals(List.of(1L), drain(consumer, 1));
        assertTrue(System.nanoTime() - start >= CLAIM_TIMEOUT / 2, "skipped before the timeout");

        // the next lap must not hand the slow producer's slot to another message while it may still write
        for (long seq = 2; seq < 64; seq++)
        {
            assertTrue(other.offerLong(2, seq), "slot for " + seq);
        }
        assertEquals(62, drain(consumer, 62).size());
        for (int i = 0; i < 500; i++)
        {
            assertFalse(other.offerLong(2, 64), "the skipped claim's slot is still being written");
        }
        slow.buffer().putLong(index, -1L);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> slow.commit(index));
        assertTrue(ex.getMessage().contains("claim timeout"), ex.getMessage());
        assertTrue(other.offerLong(2, 64));
        assertEquals(List.of(64L), drain(consumer, 1));
        lapTwice(other, consumer);
        lapTwice(slow, consumer);
    }

    @ParameterizedTest
    @EnumSource(value = ChannelMode.class, names = {"SPMC", "MPMC"}) // a producer claiming with and without a CAS
    @Timeout(60)
    void aSlotTakenByAConsumerThatDiedIsFreedAndOnlyItsMessageIsLost(final ChannelMode mode) throws Exception
    {
        final ChannelFile file = file(mode);
        final SlotRingProducer producer = producer(file);
        final SlotRingConsumer dying = consumer(file, CLAIM_TIMEOUT);
        final SlotRingConsumer survivor = consumer(file, CLAIM_TIMEOUT);
        final CountDownLatch taken = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        final AtomicReference<Throwable> dyingFailure = new AtomicReference<>();
        final long[] dyingGot = {-1};
        assertTrue(producer.offerLong(1, 0));
        final Thread stuck = new Thread(() ->
        {
            try
            {
                dying.poll((type, buffer, index, length) ->
                {
                    dyingGot[0] = buffer.getLong(index);
                    taken.countDown();
                    awaitQuietly(resume);
                }, 1);
            }
            catch (final Throwable ex)
            {
                dyingFailure.set(ex);
            }
        });
        stuck.start();
        assertTrue(taken.await(10, TimeUnit.SECONDS));
        final BitSet got = new BitSet();
        final long total = 64 * 3;
        long seq = 1;
        // a live taker's slot is never taken away: the producer waits at it
        while (seq < 64)
        {
            assertTrue(producer.offerLong(1, seq++));
        }
        for (int i = 0; i < 200; i++)
        {
            survivor.poll((type, buffer, index, length) -> got.set((int)buffer.getLong(index)), 64);
            assertFalse(producer.offerLong(1, seq), "the live consumer's slot was freed");
        }
        forgeDead(file, dying.party);
        final long deadline = System.nanoTime() + LONG_TIMEOUT;
        while (seq < total || got.cardinality() < total - 1)
        {
            assertTrue(System.nanoTime() < deadline, "the dead consumer's slot was not freed");
            if (seq < total && producer.offerLong(1, seq))
            {
                seq++;
            }
            survivor.poll((type, buffer, index, length) ->
            {
                final long value = buffer.getLong(index);
                assertFalse(got.get((int)value), "delivered twice: " + value);
                got.set((int)value);
            }, 64);
        }
        assertEquals(0, dyingGot[0]);
        assertFalse(got.get(0), "the dead consumer's message was delivered once, to it");
        assertEquals(total - 1, got.cardinality());
        resume.countDown();
        stuck.join();
        assertTrue(dyingFailure.get() instanceof IllegalStateException, String.valueOf(dyingFailure.get()));
        assertTrue(dyingFailure.get().getMessage().contains("was freed by a producer"), dyingFailure.get().getMessage());
    }

    @Test
    @Timeout(60)
    void aConsumerThatDiesBetweenPollsLosesNothing() throws Exception
    {
        final ChannelFile file = file(ChannelMode.MPMC);
        final SlotRingProducer producer = producer(file);
        final SlotRingConsumer dying = consumer(file, CLAIM_TIMEOUT);
        final SlotRingConsumer survivor = consumer(file, CLAIM_TIMEOUT);
        final BitSet got = new BitSet();
        final RecordHandler handler = (type, buffer, index, length) ->
        {
            final int value = (int)buffer.getLong(index);
            assertFalse(got.get(value), "delivered twice: " + value);
            got.set(value);
        };
        for (long seq = 0; seq < 40; seq++)
        {
            assertTrue(producer.offerLong(1, seq));
        }
        assertEquals(10, dying.poll(handler, 10));
        forgeDead(file, dying.party);
        final int total = 64 * 4;
        long seq = 40;
        final long deadline = System.nanoTime() + LONG_TIMEOUT;
        while (got.cardinality() < total)
        {
            assertTrue(System.nanoTime() < deadline);
            if (seq < total && producer.offerLong(1, seq))
            {
                seq++;
            }
            survivor.poll(handler, 64);
        }
        assertEquals(total, got.cardinality());
    }

    @Test
    void aHandlerThatThrowsConsumesItsMessageAndLeavesTheRest()
    {
        final ChannelFile file = file(ChannelMode.MPMC);
        final SlotRingProducer producer = producer(file);
        final SlotRingConsumer consumer = consumer(file, CLAIM_TIMEOUT);
        for (long seq = 0; seq < 3; seq++)
        {
            assertTrue(producer.offerLong(1, seq));
        }
        assertThrows(IllegalArgumentException.class, () -> consumer.poll((type, buffer, index, length) ->
        {
            throw new IllegalArgumentException("handler");
        }, 10));
        assertEquals(List.of(1L, 2L), drain(consumer, 2));
        lapTwice(producer, consumer);
    }

    @Test
    void corruptSlotsAreReportedNotReadOutOfBounds()
    {
        final ChannelFile file = file(ChannelMode.MPMC);
        final SlotRingProducer producer = producer(file);
        final SlotRingConsumer consumer = consumer(file, CLAIM_TIMEOUT);
        assertTrue(producer.offerLong(1, 1));
        file.ring().putInt(SlotRingDescriptor.LENGTH_FIELD, 1 << 20);
        final CorruptChannelException length = assertThrows(CorruptChannelException.class,
            () -> consumer.poll((type, buffer, index, l) -> { }, 1));
        assertTrue(length.getMessage().contains("message length 1048576"), length.getMessage());

        assertTrue(producer.offerLong(1, 2));
        file.ring().putLongVolatile(64, SlotRingDescriptor.word(9, SlotRingDescriptor.COMMITTED));
        final CorruptChannelException word = assertThrows(CorruptChannelException.class,
            () -> consumer.poll((type, buffer, index, l) -> { }, 1));
        assertTrue(word.getMessage().contains("state word 0x25"), word.getMessage());
        assertTrue(word.getMessage().contains(file.path().toString()), word.getMessage());

        file.header().putLongVolatile(SlotRingDescriptor.HEAD_OFFSET, 5);
        file.header().putLongVolatile(SlotRingDescriptor.TAIL_OFFSET, 4);
        final CorruptChannelException positions = assertThrows(CorruptChannelException.class,
            () -> new SlotRingConsumer(file, LIVENESS, CLAIM_TIMEOUT));
        assertTrue(positions.getMessage().contains("head 5, tail 4"), positions.getMessage());
    }

    @Test
    void wrongModesAndGeometriesAreClearErrors()
    {
        final ChannelFile spsc = ChannelFile.openOrCreate(directory.resolve("spsc.ipc"), ChannelLayout.of(ChannelMode.SPSC,
            CAPACITY), false, false, Duration.ofSeconds(1));
        open.add(spsc);
        final IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> new SlotRingProducer(spsc,
            LIVENESS));
        assertTrue(mode.getMessage().contains("is a SPSC channel"), mode.getMessage());
        assertTrue(mode.getMessage().contains("spsc.ipc"), mode.getMessage());

        final ChannelFile file = file(ChannelMode.SPMC);
        producer(file);
        final IpcsyncException second = assertThrows(IpcsyncException.class, () -> new SlotRingProducer(file, LIVENESS));
        assertTrue(second.getMessage().contains("already has a live producer"), second.getMessage());
        file.header().putIntVolatile(SlotRingDescriptor.SLOT_LENGTH_OFFSET, 128);
        final ChannelFileException geometry = assertThrows(ChannelFileException.class,
            () -> new SlotRingConsumer(file, LIVENESS, CLAIM_TIMEOUT));
        assertTrue(geometry.getMessage().contains("slot length in the ring state is 128"), geometry.getMessage());
    }

    @Test
    void badArgumentsAreRejected()
    {
        final ChannelFile file = file(ChannelMode.MPMC);
        final SlotRingProducer producer = producer(file);
        assertThrows(IllegalArgumentException.class, () -> producer.offerLong(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> producer.tryClaim(1, MAX_LENGTH + 1));
        final int index = producer.tryClaim(1, 8);
        assertThrows(IllegalStateException.class, () -> producer.tryClaim(1, 8));
        assertThrows(IllegalStateException.class, () -> producer.commit(index + 64));
        producer.abort(index);
        assertThrows(IllegalStateException.class, () -> producer.commit(index));

        final SlotRingConsumer consumer = consumer(file, TimeUnit.SECONDS.toNanos(30));
        final UnsafeBuffer eight = new UnsafeBuffer(new byte[8]);
        assertThrows(IndexOutOfBoundsException.class, () -> producer.offer(1, eight, 1, 8));
        eight.putLong(0, 42);
        assertTrue(producer.offer(1, eight, 0, 8));
        final List<Long> seen = new ArrayList<>();
        assertEquals(1, consumer.poll((type, buffer, i, length) -> seen.add(buffer.getLong(i)), 10),
            "a refused source claims no slot that would hold the next message back");
        assertEquals(List.of(42L), seen);
    }

    /** Sends and takes two laps of the ring through every slot, checking each message. */
    private static void lapTwice(final SlotRingProducer producer, final SlotRingConsumer consumer)
    {
        final int laps = producer.slotCount() * 2;
        for (long seq = 0; seq < laps; seq++)
        {
            assertTrue(producer.offerLong(3, 1000 + seq), "message " + seq);
            assertEquals(List.of(1000 + seq), drain(consumer, 1));
        }
    }

    private static List<Long> drain(final SlotRingConsumer consumer, final int count)
    {
        final List<Long> got = new ArrayList<>();
        final long deadline = System.nanoTime() + LONG_TIMEOUT;
        while (got.size() < count)
        {
            assertTrue(System.nanoTime() < deadline, "got only " + got);
            final int status = consumer.poll((type, buffer, index, length) -> got.add(buffer.getLong(index)),
                count - got.size());
            assertTrue(status >= 0, "status " + status);
        }
        return got;
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
