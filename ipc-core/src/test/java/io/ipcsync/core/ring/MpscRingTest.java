package io.ipcsync.core.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ChannelSnapshot;
import io.ipcsync.core.CorruptChannelException;
import io.ipcsync.core.PeerDeadException;
import io.ipcsync.core.TestDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MpscRingTest
{
    private static final int CAPACITY = 4096;
    private static final Duration SHORT = Duration.ofMillis(50);
    private static final long NO_TIMEOUT = TimeUnit.HOURS.toNanos(1);
    private static final RecordHandler IGNORE = (type, buffer, index, length) -> { };

    private TestDirectory directory;
    private Path path;
    private final List<ChannelFile> files = new ArrayList<>();

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
        path = directory.resolve("mpsc.ipc");
    }

    @AfterEach
    void tearDown()
    {
        files.forEach(ChannelFile::close);
        directory.close();
    }

    private ChannelFile open(final ChannelMode mode, final int capacity)
    {
        final ChannelFile file = ChannelFile.openOrCreate(path, ChannelLayout.of(mode, capacity), false, false, SHORT);
        files.add(file);
        return file;
    }

    private ChannelFile open()
    {
        return open(ChannelMode.MPSC, CAPACITY);
    }

    private MpscRingProducer producer()
    {
        return new MpscRingProducer(open(), 0);
    }

    private MpscRingConsumer consumer(final long claimTimeoutNanos)
    {
        return new MpscRingConsumer(open(), 0, claimTimeoutNanos);
    }

    /** Makes a party look like it belongs to a process that died. */
    private static void kill(final ChannelFile file, final int slot) throws Exception
    {
        file.header().putLongVolatile(PartyTableDescriptor.slotOffset(slot) + PartyTableDescriptor.OWNER_FIELD, DeadProcess.pid() << 24);
    }

    private static List<Long> drainLongs(final MpscRingConsumer consumer, final int expected, final long timeoutMillis)
    {
        final List<Long> seen = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (seen.size() < expected && System.nanoTime() < deadline)
        {
            consumer.poll((type, buffer, index, length) -> seen.add(buffer.getLong(index)), 100);
        }
        return seen;
    }

    @Test
    void offsetsMatchTheDrawing()
    {
        assertEquals(256, MpscRingDescriptor.TAIL_POSITION_OFFSET);
        assertEquals(384, MpscRingDescriptor.HEAD_POSITION_OFFSET);
        assertEquals(392, MpscRingDescriptor.CLAIMS_SKIPPED_OFFSET);
        assertEquals(400, MpscRingDescriptor.READ_POSITION_OFFSET);
        assertEquals(128, MpscRingDescriptor.HEAD_POSITION_OFFSET - MpscRingDescriptor.TAIL_POSITION_OFFSET);
        assertTrue(MpscRingDescriptor.READ_POSITION_OFFSET + Long.BYTES <= PartyTableDescriptor.PRODUCERS_CLOSED_OFFSET);
        final long header = MpscRingDescriptor.header(-24, 7);
        assertEquals(-24, MpscRingDescriptor.recordLength(header));
        assertEquals(7, MpscRingDescriptor.typeId(header));
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        buffer.putLong(0, header);
        assertEquals(-24, buffer.getInt(RecordDescriptor.lengthOffset(0)), "the length word comes first in memory");
        assertEquals(7, buffer.getInt(RecordDescriptor.typeOffset(0)));
    }

    @Test
    void messagesOfEveryKindArriveWithTypeAndContentAndAreCounted()
    {
        final MpscRingProducer producer = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        final byte[] data = new byte[100];
        new Random(1).nextBytes(data);
        assertTrue(producer.offer(3, new UnsafeBuffer(data), 0, data.length));
        assertTrue(producer.offerLong(4, 42L));
        final int index = producer.tryClaim(5, 16);
        producer.buffer().putLong(index, 7L);
        producer.buffer().putLong(index + 8, 8L);
        producer.commit(index);
        producer.abort(producer.tryClaim(6, 200)); // becomes padding
        assertTrue(producer.offer(9, new UnsafeBuffer(new byte[0]), 0, 0));

        final List<String> seen = new ArrayList<>();
        final int read = consumer.poll((type, buffer, i, length) ->
        {
            if (type == 3)
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(i, copy);
                assertArrayEquals(data, copy);
                seen.add("3:" + length);
            }
            else if (type == 5)
            {
                seen.add("5:" + buffer.getLong(i) + "," + buffer.getLong(i + 8));
            }
            else
            {
                seen.add(type + ":" + (length == 8 ? buffer.getLong(i) : length));
            }
        }, 10);
        assertEquals(4, read);
        assertEquals(List.of("3:100", "4:42", "5:7,8", "9:0"), seen);

        final AtomicBuffer state = producer.file().header();
        final int slot = PartyTableDescriptor.slotOffset(producer.slot());
        assertEquals(4, state.getLong(slot + PartyTableDescriptor.MESSAGES_FIELD));
        assertEquals(100 + 8 + 16, state.getLong(slot + PartyTableDescriptor.BYTES_FIELD));
        final int consumerSlot = PartyTableDescriptor.slotOffset(PartyTableDescriptor.SINGLE_SLOT);
        assertEquals(4, state.getLong(consumerSlot + PartyTableDescriptor.MESSAGES_FIELD));
        assertEquals(0, consumer.backlog());
        for (int i = 0; i < CAPACITY; i += 8)
        {
            assertEquals(0, producer.buffer().getLong(i), "the consumer zeroes what it read, at " + i);
        }
    }

    @Test
    void recordsOfManyLengthsWrapAroundTheRingInOrderWithPadding()
    {
        final MpscRingProducer producer = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        final Random random = new Random(7);
        final UnsafeBuffer source = new UnsafeBuffer(new byte[512]);
        final CRC32 sent = new CRC32();
        final CRC32 received = new CRC32();
        final long[] next = {0};
        long seq = 0;
        while (seq < 20_000)
        {
            final int length = 8 + random.nextInt(500);
            source.putLong(0, seq);
            for (int i = 8; i < length; i++)
            {
                source.putByte(i, (byte)(seq * 31 + i));
            }
            if (producer.offer((int)(seq & 0xFF), source, 0, length))
            {
                sent.update(source.byteArray(), 0, length);
                seq++;
            }
            else
            {
                consumer.poll((type, buffer, index, len) ->
                {
                    assertEquals(next[0], buffer.getLong(index));
                    assertEquals((int)(next[0] & 0xFF), type);
                    final byte[] copy = new byte[len];
                    buffer.getBytes(index, copy);
                    received.update(copy);
                    next[0]++;
                }, 3);
            }
        }
        while (next[0] < seq)
        {
            consumer.poll((type, buffer, index, len) ->
            {
                assertEquals(next[0]++, buffer.getLong(index));
                final byte[] copy = new byte[len];
                buffer.getBytes(index, copy);
                received.update(copy);
            }, 100);
        }
        assertEquals(sent.getValue(), received.getValue());
        assertTrue(producer.file().header().getLong(MpscRingDescriptor.HEAD_POSITION_OFFSET) > 100L * CAPACITY);
    }

    @Test
    void aFullRingRefusesAndCountsThenAcceptsAfterAPoll()
    {
        final MpscRingProducer producer = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        int sent = 0;
        while (producer.offerLong(1, sent))
        {
            sent++;
        }
        assertEquals(CAPACITY / 16, sent, "16-byte records fill the ring exactly");
        assertEquals(MpscRingProducer.INSUFFICIENT_CAPACITY, producer.tryClaim(1, 8));
        final int slot = PartyTableDescriptor.slotOffset(producer.slot());
        assertEquals(2, producer.file().header().getLong(slot + PartyTableDescriptor.FULL_EVENTS_FIELD));
        assertEquals(1, consumer.poll(IGNORE, 1));
        assertTrue(producer.offerLong(1, sent));
        assertEquals(sent + 1, drainLongs(consumer, sent + 1 - 1, 5_000).size() + 1);
    }

    @Test
    void aPollOverAWholeRingStopsBeforeTheRecordsItReadThemselves()
    {
        final MpscRingProducer producer = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        for (long lap = 0; lap < 3; lap++)
        {
            final List<Long> sent = new ArrayList<>();
            while (producer.offerLong(1, lap * 1_000 + sent.size()))
            {
                sent.add(lap * 1_000 + sent.size());
            }
            assertEquals(CAPACITY / 16, sent.size(), "16-byte records fill the ring exactly");
            final List<Long> seen = new ArrayList<>();
            final RecordHandler handler = (type, buffer, index, length) -> seen.add(buffer.getLong(index));
            assertEquals(sent.size(), consumer.poll(handler, 10 * CAPACITY), "lap " + lap + ": one poll reads the ring once");
            assertEquals(sent, seen, "lap " + lap);
            assertEquals(0, consumer.poll(handler, 10 * CAPACITY), "nothing after the ring was read (the records " +
                "this poll read are zeroed only when it ends: their headers must not be read again as the next lap's)");
        }
    }

    @Test
    void badArgumentsAndMisuseAreRefusedClearly()
    {
        final MpscRingProducer producer = producer();
        assertThrows(IllegalArgumentException.class, () -> producer.offerLong(-2, 1));
        final IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
            () -> producer.tryClaim(1, CAPACITY));
        assertTrue(tooLong.getMessage().contains("must be from 0 to 512"), tooLong.getMessage());
        final int index = producer.tryClaim(1, 8);
        assertThrows(IllegalStateException.class, () -> producer.tryClaim(1, 8));
        assertThrows(IllegalStateException.class, () -> producer.commit(index + 8));
        producer.commit(index);
        assertThrows(IllegalStateException.class, () -> producer.commit(index));
        assertThrows(IllegalArgumentException.class, () -> new MpscRingConsumer(open(), -1, 0));

        final MpscRingConsumer consumer = consumer(TimeUnit.SECONDS.toNanos(30));
        assertEquals(1, consumer.poll((type, buffer, i, length) -> { }, 10));
        final UnsafeBuffer eight = new UnsafeBuffer(new byte[8]);
        assertThrows(IndexOutOfBoundsException.class, () -> producer.offer(1, eight, 1, 8));
        eight.putLong(0, 42);
        assertTrue(producer.offer(1, eight, 0, 8));
        final List<Long> seen = new ArrayList<>();
        assertEquals(1, consumer.poll((type, buffer, i, length) -> seen.add(buffer.getLong(i)), 10),
            "a refused source claims nothing that would hold the next message back");
        assertEquals(List.of(42L), seen);
    }

    @Test
    void threadsKeepTheirOwnOrderAndEveryMessageArrivesOnceIntact() throws Exception
    {
        final int threads = 4;
        final int perThread = 200_000;
        final ChannelFile file = open(ChannelMode.MPSC, 64 * 1024);
        final MpscRingConsumer consumer = new MpscRingConsumer(file, 0, NO_TIMEOUT);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int id = t;
            final MpscRingProducer producer = new MpscRingProducer(file, 0);
            final Thread worker = new Thread(() ->
            {
                final UnsafeBuffer source = new UnsafeBuffer(new byte[64]);
                final Random random = new Random(id);
                try
                {
                    for (long seq = 0; seq < perThread; seq++)
                    {
                        final int length = 16 + random.nextInt(48);
                        source.putLong(0, seq);
                        source.putLong(8, mix(id, seq, length));
                        if ((seq & 1) == 0)
                        {
                            while (!producer.offer(id, source, 0, length))
                            {
                                Thread.onSpinWait();
                            }
                        }
                        else
                        {
                            int index;
                            while ((index = producer.tryClaim(id, length)) < 0)
                            {
                                Thread.onSpinWait();
                            }
                            producer.buffer().putBytes(index, source, 0, length);
                            producer.commit(index);
                        }
                    }
                    producer.close();
                }
                catch (final Throwable ex)
                {
                    failure.set(ex);
                }
            });
            workers.add(worker);
        }
        workers.forEach(Thread::start);
        final long[] next = new long[threads];
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status;
        while ((status = consumer.poll((type, buffer, index, length) ->
        {
            final long seq = buffer.getLong(index);
            if (seq != next[type])
            {
                throw new AssertionError("producer " + type + ": expected " + next[type] + ", got " + seq);
            }
            assertEquals(mix(type, seq, length), buffer.getLong(index + 8), "torn message");
            next[type]++;
        }, 256)) >= 0)
        {
            assertTrue(System.nanoTime() < deadline, "timed out");
            if (failure.get() != null)
            {
                throw new AssertionError(failure.get());
            }
        }
        for (final Thread worker : workers)
        {
            worker.join();
        }
        assertEquals(MpscRingConsumer.CLOSED, status);
        for (int t = 0; t < threads; t++)
        {
            assertEquals(perThread, next[t], "producer " + t);
        }
        assertEquals(0, consumer.claimsSkipped());
    }

    private static long mix(final int id, final long seq, final int length)
    {
        return (seq * 0x9E3779B97F4A7C15L) ^ ((long)id << 48) ^ length;
    }

    @Test
    void closedOnlyOnceTheLastProducerClosedAndAllWasRead()
    {
        final MpscRingProducer a = producer();
        final MpscRingProducer b = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        assertEquals(0, pollRepeatedly(consumer));
        a.offerLong(1, 1);
        a.close();
        assertEquals(1, consumer.poll(IGNORE, 10));
        assertEquals(0, pollRepeatedly(consumer), "b is still attached");
        b.offerLong(1, 2);
        final int index = b.tryClaim(1, 8);
        b.close(); // the open claim is aborted
        assertThrows(IllegalStateException.class, () -> b.commit(index), "nothing is claimed after close");
        assertEquals(1, consumer.poll(IGNORE, 10));
        assertEquals(MpscRingConsumer.CLOSED, pollRepeatedly(consumer));
    }

    private static int pollRepeatedly(final MpscRingConsumer consumer)
    {
        int status = 0;
        for (int i = 0; i < 2 * PeerWatch.CALLS_BETWEEN_CLOCK_READS && status == 0; i++)
        {
            status = consumer.poll(IGNORE, 10);
        }
        return status;
    }

    @Test
    void consumerCloseFailsEveryProducersNextCall()
    {
        final MpscRingProducer a = producer();
        final MpscRingProducer b = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        consumer.close();
        assertThrows(ChannelClosedException.class, () -> a.offerLong(1, 1));
        final ChannelClosedException ex = assertThrows(ChannelClosedException.class, () -> b.tryClaim(1, 8));
        assertTrue(ex.getMessage().contains("the consumer closed the channel"), ex.getMessage());
    }

    @Test
    void aDeadConsumerFailsAProducerThatFindsTheRingFull() throws Exception
    {
        final MpscRingProducer producer = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        kill(consumer.file(), PartyTableDescriptor.SINGLE_SLOT);
        final PeerDeadException ex = assertThrows(PeerDeadException.class, () ->
        {
            while (true)
            {
                producer.offerLong(1, 1);
            }
        });
        assertTrue(ex.getMessage().contains("the consumer (pid " + ex.pid() + ") died"), ex.getMessage());
    }

    @Test
    void deadProducersAreReportedOnceTheirMessagesAreRead() throws Exception
    {
        final MpscRingProducer a = producer();
        final MpscRingProducer b = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        a.offerLong(1, 1);
        b.offerLong(1, 2);
        kill(a.file(), a.slot());
        assertEquals(2, consumer.poll(IGNORE, 10));
        assertEquals(0, pollRepeatedly(consumer), "b is alive");
        kill(b.file(), b.slot());
        assertEquals(MpscRingConsumer.PEER_DEAD, pollRepeatedly(consumer));
    }

    @Test
    void aProducerAttachedAfterTheOthersDiedIsNotReportedDeadForTheRestOfTheInterval() throws Exception
    {
        final MpscRingProducer dead = producer();
        dead.offerLong(1, 1);
        kill(dead.file(), dead.slot());
        final MpscRingConsumer consumer = new MpscRingConsumer(open(), TimeUnit.SECONDS.toNanos(30), NO_TIMEOUT);
        assertEquals(1, consumer.poll(IGNORE, 10));
        assertEquals(MpscRingConsumer.PEER_DEAD, pollRepeatedly(consumer));

        // the next check of the process table is 30 s away; the verdict was about the parties of then
        final MpscRingProducer successor = producer();
        assertTrue(successor.offerLong(1, 2));
        assertEquals(1, consumer.poll(IGNORE, 10));
        assertEquals(0, pollRepeatedly(consumer), "the new producer is alive");
    }

    @Test
    void aClaimOfADeadProducerIsSkippedAndTheRestFlowsOn() throws Exception
    {
        final MpscRingProducer stuck = producer();
        final MpscRingProducer other = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        other.offerLong(1, 1);
        final int index = stuck.tryClaim(1, 24);
        stuck.buffer().putLong(index, 99);
        other.offerLong(1, 2);
        other.offerLong(1, 3);
        assertEquals(List.of(1L), drainLongs(consumer, 3, 100), "the open claim holds the rest back");
        kill(stuck.file(), stuck.slot());
        assertEquals(List.of(2L, 3L), drainLongs(consumer, 2, 5_000));
        assertEquals(1, consumer.claimsSkipped());
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> stuck.commit(index));
        assertTrue(ex.getMessage().contains("skipped by the consumer as abandoned"), ex.getMessage());
    }

    @Test
    void aSkippedClaimIsRevokedAndALateLengthStoreLeavesItsPaddingAsItWas() throws Exception
    {
        final MpscRingProducer stuck = producer();
        final MpscRingProducer other = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        final int index = stuck.tryClaim(1, 12); // a 20-byte record: its padding is no multiple of 8
        other.offerLong(1, 7);
        kill(stuck.file(), stuck.slot());
        assertTrue(consumer.unblock());
        final long slotClaim = stuck.file().header().getLongVolatile(
            PartyTableDescriptor.slotOffset(stuck.slot()) + PartyTableDescriptor.CLAIM_POSITION_FIELD);
        assertTrue(slotClaim < 0, "revoked in the claimant's slot: " + slotClaim);
        assertEquals(0, MpscRingDescriptor.claimPosition(slotClaim), "the revoked claim was at 0");
        // what a commit that passed its revocation check just before the revocation stores now
        stuck.buffer().putIntRelease(index - RecordDescriptor.HEADER_LENGTH, 20);
        assertEquals(List.of(7L), drainLongs(consumer, 1, 1_000), "the padding still skips 24 bytes");
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> stuck.commit(index));
        assertTrue(ex.getMessage().contains("skipped by the consumer as abandoned"), ex.getMessage());
        assertEquals(0, stuck.buffer().getLong(index - RecordDescriptor.HEADER_LENGTH), "nothing stored into freed space");
        assertEquals(0, ChannelSnapshot.read(stuck.file().path()).producers().get(0).position(),
            "the snapshot names the revoked claim's position");
    }

    @Test
    void aClaimOfALiveProducerIsSkippedOnlyAfterTheClaimTimeout()
    {
        final MpscRingProducer stuck = producer();
        final MpscRingProducer other = producer();
        final long timeout = TimeUnit.MILLISECONDS.toNanos(200);
        final MpscRingConsumer consumer = consumer(timeout);
        final int index = stuck.tryClaim(1, 8);
        other.offerLong(1, 2);
        final long start = System.nanoTime();
        assertEquals(List.of(2L), drainLongs(consumer, 1, 10_000));
        assertTrue(System.nanoTime() - start >= timeout, "skipped before the timeout");
        assertThrows(IllegalStateException.class, () -> stuck.commit(index));
        assertTrue(stuck.offerLong(1, 3), "the producer goes on after a lost claim");
        assertEquals(List.of(3L), drainLongs(consumer, 1, 5_000));
    }

    @Test
    void aClaimWhoseHeaderWasNeverWrittenIsSkippedUpToTheNextRecord() throws Exception
    {
        final MpscRingProducer stuck = producer();
        final MpscRingProducer other = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        other.offerLong(1, 1);
        assertEquals(List.of(1L), drainLongs(consumer, 1, 1_000));
        // the claimant died right after its CAS: a claim position and a tail, no header
        claimWithoutHeader(stuck, 40);
        other.offerLong(1, 2);
        other.offerLong(1, 3); // other's slot now shows the claim of 3: the first boundary comes from the scan
        assertEquals(List.of(), drainLongs(consumer, 1, 100));
        kill(stuck.file(), stuck.slot());
        assertEquals(List.of(2L, 3L), drainLongs(consumer, 2, 5_000));
        assertEquals(1, consumer.claimsSkipped());
    }

    @Test
    void anUnwrittenClaimAtTheTailOfALiveProducerIsSkippedAfterTheTimeout()
    {
        final MpscRingProducer stuck = producer();
        final MpscRingProducer other = producer();
        final MpscRingConsumer consumer = consumer(TimeUnit.MILLISECONDS.toNanos(100));
        claimWithoutHeader(stuck, 16);
        other.offerLong(1, 5);
        assertEquals(List.of(5L), drainLongs(consumer, 1, 10_000));
        claimWithoutHeader(stuck, 32); // the last claim: bounded by the tail
        assertEquals(List.of(), drainLongs(consumer, 1, 500));
        assertEquals(0, consumer.backlog());
        assertEquals(2, consumer.claimsSkipped());
    }

    /** Does what {@code claim} does up to its CAS, as if the producer stopped there. */
    private static void claimWithoutHeader(final MpscRingProducer producer, final int alignedLength)
    {
        final AtomicBuffer state = producer.file().header();
        final long tail = state.getLongVolatile(MpscRingDescriptor.TAIL_POSITION_OFFSET);
        state.putLongRelease(PartyTableDescriptor.slotOffset(producer.slot()) + PartyTableDescriptor.CLAIM_POSITION_FIELD, tail);
        assertTrue(state.compareAndSetLong(MpscRingDescriptor.TAIL_POSITION_OFFSET, tail, tail + alignedLength));
    }

    @Test
    void unblockSkipsAClaimNobodyAliveHolds() throws Exception
    {
        final MpscRingProducer stuck = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        stuck.tryClaim(1, 8);
        assertFalse(consumer.unblock(), "the claimant lives");
        kill(stuck.file(), stuck.slot());
        assertTrue(consumer.unblock());
        assertFalse(consumer.unblock(), "nothing is stuck any more");
        assertEquals(MpscRingConsumer.PEER_DEAD, pollRepeatedly(consumer));
    }

    @Test
    void corruptHeadersAreExceptionsNotCrashes() throws Exception
    {
        final MpscRingProducer producer = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        final AtomicBuffer ring = producer.buffer();
        producer.offerLong(1, 1);
        ring.putLong(0, MpscRingDescriptor.header(CAPACITY * 2, 1));
        final CorruptChannelException tooLong = assertThrows(CorruptChannelException.class, () -> consumer.poll(IGNORE, 10));
        assertTrue(tooLong.getMessage().contains("record length 8192"), tooLong.getMessage());
        ring.putLong(0, MpscRingDescriptor.header(24, -5));
        assertThrows(CorruptChannelException.class, () -> consumer.poll(IGNORE, 10));
        ring.putLong(0, MpscRingDescriptor.header(4, RecordDescriptor.PADDING_TYPE_ID));
        final CorruptChannelException padding = assertThrows(CorruptChannelException.class, () -> consumer.poll(IGNORE, 10));
        assertTrue(padding.getMessage().contains("padding record length 4"), padding.getMessage());
        ring.putLong(0, MpscRingDescriptor.header(-100_000, 1));
        kill(producer.file(), producer.slot());
        final CorruptChannelException claimed = assertThrows(CorruptChannelException.class, consumer::unblock);
        assertTrue(claimed.getMessage().contains("claimed record length 100000"), claimed.getMessage());
    }

    @Test
    void anUnalignedSharedTailAtTheEndOfTheRingIsCorruptionNotAnOutOfBoundsWrite()
    {
        final MpscRingProducer producer = producer();
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        final AtomicBuffer state = producer.file().header();
        producer.offerLong(1, 1);
        assertEquals(1, consumer.poll(IGNORE, 10));
        final long tail = state.getLongVolatile(MpscRingDescriptor.TAIL_POSITION_OFFSET);

        // one byte short of the end, as CorruptionFuzzTest found it: the padding header would cross the end
        state.putLongVolatile(MpscRingDescriptor.TAIL_POSITION_OFFSET, CAPACITY - 1);
        final CorruptChannelException ex = assertThrows(CorruptChannelException.class, () -> producer.offerLong(1, 2));
        assertTrue(ex.getMessage().contains("the shared tail " + (CAPACITY - 1) + " is not a multiple of 8"), ex.getMessage());
        assertEquals(CAPACITY - 1, state.getLongVolatile(MpscRingDescriptor.TAIL_POSITION_OFFSET), "nothing claimed");
        state.putLongVolatile(MpscRingDescriptor.TAIL_POSITION_OFFSET, tail);
        assertTrue(producer.offerLong(1, 3), "repaired, it writes again");
    }

    @Test
    void impossiblePositionsAreRefused()
    {
        final ChannelFile file = open();
        file.header().putLongVolatile(MpscRingDescriptor.TAIL_POSITION_OFFSET, 3L * CAPACITY);
        final CorruptChannelException ex = assertThrows(CorruptChannelException.class, () -> new MpscRingProducer(file, 0));
        assertTrue(ex.getMessage().contains("impossible positions"), ex.getMessage());
        assertThrows(CorruptChannelException.class, () -> new MpscRingConsumer(file, 0, 0));
    }

    @Test
    void aFileOfAnotherModeIsRefusedClearly()
    {
        final ChannelFile spsc = open(ChannelMode.SPSC, CAPACITY);
        final IllegalArgumentException producer = assertThrows(IllegalArgumentException.class,
            () -> new MpscRingProducer(spsc, 0));
        assertTrue(producer.getMessage().endsWith("is a SPSC channel, not MPSC"), producer.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MpscRingConsumer(spsc, 0, 0));
        spsc.close();
        files.remove(spsc);
        ChannelFile.delete(path);
        final ChannelFile mpsc = open();
        final IllegalArgumentException spscProducer = assertThrows(IllegalArgumentException.class,
            () -> new SpscRingProducer(mpsc, 0));
        assertTrue(spscProducer.getMessage().endsWith("is a MPSC channel, not SPSC"), spscProducer.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SpscRingConsumer(mpsc, 0));
    }

    @Test
    void aRestartedConsumerContinuesWhereTheLastOneStopped()
    {
        final MpscRingProducer producer = producer();
        final MpscRingConsumer first = consumer(NO_TIMEOUT);
        producer.offerLong(1, 1);
        producer.offerLong(1, 2);
        assertEquals(List.of(1L), drainLongs(first, 1, 1_000).subList(0, 1));
        first.close();
        final MpscRingConsumer second = consumer(NO_TIMEOUT);
        producer.offerLong(1, 3);
        final List<Long> rest = drainLongs(second, 3, 500);
        assertTrue(rest.equals(List.of(3L)) || rest.equals(List.of(2L, 3L)), rest.toString());
    }

    @Test
    void aConsumerKilledWhileItZeroedWhatItReadLeavesTheNextOneToFinishAndStartAfterIt()
    {
        final MpscRingProducer producer = producer();
        for (long value = 0; value < 10; value++)
        {
            assertTrue(producer.offerLong(1, value));
        }
        // what a consumer leaves when it is killed in release: it handed over six 16-byte records and
        // stored the read position past them, zeroed 40 bytes (into the third record) and stopped
        final ChannelFile file = producer.file();
        file.header().putLongVolatile(MpscRingDescriptor.READ_POSITION_OFFSET, 6 * 16);
        file.ring().setMemory(0, 40, (byte)0);

        final MpscRingConsumer next = new MpscRingConsumer(file, 0, 0);
        assertEquals(6 * 16, file.header().getLongVolatile(MpscRingDescriptor.HEAD_POSITION_OFFSET),
            "the next consumer zeroes the rest and moves the head to the read position");
        for (int index = 0; index < 6 * 16; index += Long.BYTES)
        {
            assertEquals(0, file.ring().getLong(index), "byte " + index + " is zeroed");
        }
        assertEquals(List.of(6L, 7L, 8L, 9L), drainLongs(next, 4, 500), "nothing handed over twice, nothing lost");
        assertEquals(0, next.claimsSkipped());
    }

    @Test
    void aReadPositionAtOrBehindTheHeadMeansTheHead()
    {
        final MpscRingProducer producer = producer();
        final MpscRingConsumer first = consumer(NO_TIMEOUT);
        producer.offerLong(1, 1);
        producer.offerLong(1, 2);
        assertEquals(List.of(1L, 2L), drainLongs(first, 2, 1_000));
        first.close();
        // a file of an earlier version has no read position: zero there
        producer.file().header().putLongVolatile(MpscRingDescriptor.READ_POSITION_OFFSET, 0);
        final MpscRingConsumer second = consumer(NO_TIMEOUT);
        producer.offerLong(1, 3);
        assertEquals(List.of(3L), drainLongs(second, 1, 500));
    }

    @Test
    void anImpossibleReadPositionIsRefusedOnAttach()
    {
        final MpscRingProducer producer = producer();
        producer.offerLong(1, 1);
        final ChannelFile file = producer.file();
        file.header().putLongVolatile(MpscRingDescriptor.READ_POSITION_OFFSET, 12);
        final CorruptChannelException unaligned = assertThrows(CorruptChannelException.class, () -> consumer(NO_TIMEOUT));
        assertTrue(unaligned.getMessage().contains("read position"), unaligned.getMessage());
        file.header().putLongVolatile(MpscRingDescriptor.READ_POSITION_OFFSET, 32);
        assertThrows(CorruptChannelException.class, () -> consumer(NO_TIMEOUT), "past the tail (16)");
        file.header().putLongVolatile(MpscRingDescriptor.READ_POSITION_OFFSET, 16);
        final MpscRingConsumer consumer = consumer(NO_TIMEOUT);
        assertEquals(List.of(), drainLongs(consumer, 1, 100), "the record before the read position was handed over");
    }
}
