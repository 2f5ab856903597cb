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
import io.ipcsync.core.IpcsyncException;
import io.ipcsync.core.PeerDeadException;
import io.ipcsync.core.TestDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

class SpscRingTest
{
    private static final int CAPACITY = 4096;
    private static final Duration SHORT = Duration.ofMillis(50);

    private TestDirectory directory;
    private Path path;
    private final List<ChannelFile> files = new ArrayList<>();

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
        path = directory.resolve("ring.ipc");
    }

    @AfterEach
    void tearDown()
    {
        files.forEach(ChannelFile::close);
        directory.close();
    }

    private ChannelFile open()
    {
        final ChannelFile file = ChannelFile.openOrCreate(path, ChannelLayout.of(ChannelMode.SPSC, CAPACITY), false, false, SHORT);
        files.add(file);
        return file;
    }

    private SpscRingProducer producer()
    {
        return new SpscRingProducer(open(), 0);
    }

    private SpscRingConsumer consumer()
    {
        return new SpscRingConsumer(open(), 0);
    }

    private static byte[] bytes(final int length, final int seed)
    {
        final byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** Marks a side of the file as held by a process that has died, as a SIGKILL would leave it. */
    private static void ownedByADeadProcess(final ChannelFile file, final int ownerOffset) throws Exception
    {
        file.header().putLongVolatile(ownerOffset, DeadProcess.ownerToken());
    }

    @Test
    void aMessageArrivesWithItsTypeAndContent()
    {
        final SpscRingProducer producer = producer();
        final SpscRingConsumer consumer = consumer();
        final byte[] sent = bytes(37, 1);
        assertTrue(producer.offer(7, new UnsafeBuffer(sent), 0, sent.length));
        assertTrue(producer.offerLong(8, 0xCAFEL));

        final List<Object> received = new ArrayList<>();
        assertEquals(2, consumer.poll((type, buffer, index, length) ->
        {
            received.add(type);
            final byte[] copy = new byte[length];
            buffer.getBytes(index, copy);
            received.add(copy);
        }, 10));
        assertEquals(7, received.get(0));
        assertArrayEquals(sent, (byte[])received.get(1));
        assertEquals(8, received.get(2));
        assertEquals(0xCAFEL, new UnsafeBuffer((byte[])received.get(3)).getLong(0));
        assertEquals(0, consumer.poll((type, buffer, index, length) -> { }, 10));
    }

    @Test
    void recordsWrapAroundTheRingManyTimesInOrder()
    {
        final SpscRingProducer producer = producer();
        final SpscRingConsumer consumer = consumer();
        final Random random = new Random(3);
        final long[] next = {0};
        long sent = 0;
        for (int round = 0; round < 20_000; round++)
        {
            final int length = random.nextInt(producer.maxMessageLength() + 1);
            final UnsafeBuffer message = new UnsafeBuffer(new byte[Math.max(8, length)]);
            message.putLong(0, sent);
            if (producer.offer(1, message, 0, Math.max(8, Math.min(length, producer.maxMessageLength()))))
            {
                sent++;
            }
            if (random.nextInt(3) == 0)
            {
                consumer.poll((type, buffer, index, len) -> assertEquals(next[0]++, buffer.getLong(index)), 1 + random.nextInt(5));
            }
        }
        while (next[0] < sent)
        {
            consumer.poll((type, buffer, index, len) -> assertEquals(next[0]++, buffer.getLong(index)), 100);
        }
        assertEquals(sent, next[0]);
        assertTrue(sent > 1000);
    }

    @Test
    void aFullRingRefusesAndCountsThenAcceptsAfterAPoll() throws Exception
    {
        final SpscRingProducer producer = producer();
        final SpscRingConsumer consumer = consumer();
        int written = 0;
        while (producer.offerLong(1, written))
        {
            written++;
        }
        assertEquals(CAPACITY / 16 - 1, written, "all but the reserved next-header slot is usable");
        assertEquals(SpscRingProducer.INSUFFICIENT_CAPACITY, producer.tryClaim(1, 8));
        final int recordsPerBlock = RingZeroing.CLEARING_GRAIN / 16;
        assertEquals(recordsPerBlock - 1, consumer.poll((type, buffer, index, length) -> { }, recordsPerBlock - 1));
        assertFalse(producer.offerLong(1, written), "space comes back a whole block of " +
            RingZeroing.CLEARING_GRAIN + " bytes at a time");
        assertEquals(1, consumer.poll((type, buffer, index, length) -> { }, 1));
        assertTrue(producer.offerLong(1, written));
        final ChannelSnapshot snapshot = ChannelSnapshot.read(path);
        assertEquals(3, snapshot.fullEvents());
        assertEquals(written + 1, snapshot.producer().messages());
        assertEquals(recordsPerBlock, snapshot.consumer().messages());
        assertEquals(ChannelSnapshot.SideState.ALIVE, snapshot.producer().state());
    }

    @Test
    void claimCommitAndAbort()
    {
        final SpscRingProducer producer = producer();
        final SpscRingConsumer consumer = consumer();
        final int index = producer.tryClaim(3, 16);
        producer.buffer().putLong(index, 11);
        producer.buffer().putLong(index + 8, 12);
        assertThrows(IllegalStateException.class, () -> producer.tryClaim(3, 8), "a second claim before commit");
        assertThrows(IllegalStateException.class, () -> producer.commit(12345));
        producer.commit(index);
        assertThrows(IllegalStateException.class, () -> producer.commit(index), "a double commit");

        final int aborted = producer.tryClaim(4, 8);
        producer.buffer().putLong(aborted, 99);
        producer.abort(aborted);
        assertTrue(producer.offerLong(5, 13));

        final List<Long> seen = new ArrayList<>();
        consumer.poll((type, buffer, i, length) ->
        {
            seen.add((long)type);
            seen.add(buffer.getLong(i));
        }, 10);
        assertEquals(List.of(3L, 11L, 5L, 13L), seen);
    }

    @Test
    void badArgumentsAreRefusedClearly()
    {
        final SpscRingProducer producer = producer();
        final UnsafeBuffer big = new UnsafeBuffer(new byte[CAPACITY]);
        final IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
            () -> producer.offer(1, big, 0, producer.maxMessageLength() + 1));
        assertTrue(tooLong.getMessage().contains("message length 513 must be from 0 to 512"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> producer.offerLong(-3, 1));
        assertThrows(IllegalArgumentException.class, () -> producer.tryClaim(1, -1));

        final UnsafeBuffer eight = new UnsafeBuffer(new byte[8]);
        final IndexOutOfBoundsException outside = assertThrows(IndexOutOfBoundsException.class,
            () -> producer.offer(1, eight, 4, 8));
        assertTrue(outside.getMessage().contains("message of 8 bytes at offset 4 is not inside its source buffer of " +
            "8 bytes"), outside.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> producer.offer(1, eight, -1, 4));
        eight.putLong(0, 77);
        assertTrue(producer.offer(1, eight, 0, 8));
        final List<Long> seen = new ArrayList<>();
        assertEquals(1, consumer().poll((type, buffer, index, length) -> seen.add(buffer.getLong(index)), 10));
        assertEquals(List.of(77L), seen, "a refused source leaves nothing behind");
    }

    @Test
    void producerCloseIsSeenAfterTheConsumerDrains()
    {
        final SpscRingProducer producer = producer();
        final SpscRingConsumer consumer = consumer();
        producer.offerLong(1, 1);
        producer.offerLong(1, 2);
        producer.close();
        assertEquals(2, consumer.poll((type, buffer, index, length) -> { }, 10));
        assertEquals(SpscRingConsumer.CLOSED, consumer.poll((type, buffer, index, length) -> { }, 10));
        assertThrows(ChannelClosedException.class, () -> producer.offerLong(1, 3));
        assertEquals(ChannelSnapshot.SideState.CLOSED, snapshotUnchecked().producer().state());
    }

    @Test
    void consumerCloseFailsTheProducersNextCall()
    {
        final SpscRingProducer producer = producer();
        final SpscRingConsumer consumer = consumer();
        assertTrue(producer.offerLong(1, 1));
        consumer.close();
        final ChannelClosedException ex = assertThrows(ChannelClosedException.class, () -> producer.offerLong(1, 2));
        assertTrue(ex.getMessage().contains("the consumer closed the channel"), ex.getMessage());
    }

    @Test
    void aDeadProducerIsReportedAfterItsMessagesAreRead() throws Exception
    {
        final ChannelFile file = open();
        final SpscRingProducer producer = new SpscRingProducer(file, 0);
        final SpscRingConsumer consumer = consumer();
        producer.offerLong(1, 1);
        // the producer's process "dies": its owner token now names a pid that no longer exists
        ownedByADeadProcess(file, SpscRingDescriptor.PRODUCER_OWNER_OFFSET);
        assertEquals(1, consumer.poll((type, buffer, index, length) -> { }, 10));
        int status = 0;
        for (int i = 0; i < 1000 && status == 0; i++)
        {
            status = consumer.poll((type, buffer, index, length) -> { }, 10);
        }
        assertEquals(SpscRingConsumer.PEER_DEAD, status);
        assertFalse(consumer.isProducerAlive());
        assertEquals(ChannelSnapshot.SideState.DEAD, snapshotUnchecked().producer().state());

        // a new producer takes over the dead one's side and continues
        final SpscRingProducer successor = producer();
        assertTrue(successor.offerLong(1, 2));
        assertEquals(1, consumer.poll((type, buffer, index, length) -> assertEquals(2, buffer.getLong(index)), 10));
    }

    @Test
    void aProducerThatTakesADeadOnesPlaceIsNotReportedDeadForTheRestOfTheInterval() throws Exception
    {
        final ChannelFile file = open();
        new SpscRingProducer(file, 0).offerLong(1, 1);
        ownedByADeadProcess(file, SpscRingDescriptor.PRODUCER_OWNER_OFFSET);
        final SpscRingConsumer consumer = new SpscRingConsumer(open(), TimeUnit.SECONDS.toNanos(30));
        assertEquals(1, consumer.poll((type, buffer, index, length) -> { }, 10));
        int status = 0;
        for (int i = 0; i < 2 * PeerWatch.CALLS_BETWEEN_CLOCK_READS && status == 0; i++)
        {
            status = consumer.poll((type, buffer, index, length) -> { }, 10);
        }
        assertEquals(SpscRingConsumer.PEER_DEAD, status);

        // the next check of the process table is 30 s away; the verdict was about the dead owner only
        final SpscRingProducer successor = producer();
        assertTrue(successor.offerLong(1, 2));
        assertEquals(1, consumer.poll((type, buffer, index, length) -> { }, 10));
        for (int i = 0; i < 2 * PeerWatch.CALLS_BETWEEN_CLOCK_READS; i++)
        {
            assertEquals(0, consumer.poll((type, buffer, index, length) -> { }, 10), "the successor is alive");
        }
    }

    @Test
    void aDeadConsumerFailsAProducerThatFindsTheRingFull() throws Exception
    {
        final SpscRingProducer producer = producer();
        final ChannelFile consumerFile = open();
        new SpscRingConsumer(consumerFile, 0);
        ownedByADeadProcess(consumerFile, SpscRingDescriptor.CONSUMER_OWNER_OFFSET);
        final PeerDeadException ex = assertThrows(PeerDeadException.class, () ->
        {
            for (int i = 0; i < 100_000; i++)
            {
                producer.offerLong(1, i);
            }
        });
        assertTrue(ex.getMessage().contains("the consumer (pid " + ex.pid() + ") died without closing"), ex.getMessage());
    }

    @Test
    void aSecondLiveProducerIsRefused()
    {
        producer();
        final IpcsyncException ex = assertThrows(IpcsyncException.class, this::producer);
        assertTrue(ex.getMessage().contains("already has a live producer"), ex.getMessage());
    }

    @Test
    void aCorruptRecordLengthIsAnExceptionNotACrash()
    {
        final ChannelFile file = open();
        final SpscRingProducer producer = new SpscRingProducer(file, 0);
        final SpscRingConsumer consumer = consumer();
        producer.offerLong(1, 1);
        file.ring().putInt(0, 1_000_000);
        final CorruptChannelException ex = assertThrows(CorruptChannelException.class,
            () -> consumer.poll((type, buffer, index, length) -> { }, 10));
        assertTrue(ex.getMessage().contains("corrupt ring at position 0: record length 1000000"), ex.getMessage());

        file.ring().putInt(0, 3);
        assertThrows(CorruptChannelException.class, () -> consumer.poll((type, buffer, index, length) -> { }, 10));
        file.ring().putInt(0, 16);
        file.ring().putInt(4, -7);
        assertThrows(CorruptChannelException.class, () -> consumer.poll((type, buffer, index, length) -> { }, 10));
    }

    @Test
    void aRecordOfUpToALineStartsOnTheNextLineRatherThanStraddleTwo() throws Exception
    {
        final ChannelFile file = open();
        final SpscRingProducer producer = new SpscRingProducer(file, 0);
        final SpscRingConsumer consumer = consumer();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[32]);
        for (int i = 0; i < 3; i++)
        {
            message.putLong(0, i);
            assertTrue(producer.offer(2, message, 0, 32)); // 40-byte records
        }
        final AtomicBuffer ring = file.ring();
        for (int line = 0; line < 3; line++)
        {
            final int recordIndex = line * RecordDescriptor.CACHE_LINE_LENGTH;
            assertEquals(40, ring.getInt(recordIndex), "record " + line + " starts line " + line);
            assertEquals(24, ring.getInt(recordIndex + 40), "the rest of line " + line + " is padding");
            assertEquals(RecordDescriptor.PADDING_TYPE_ID, ring.getInt(recordIndex + 44));
        }
        assertTrue(producer.offerLong(1, 99)); // 16-byte records fit a line's quarters: never padded
        assertTrue(producer.offerLong(1, 100));
        assertEquals(16, ring.getInt(3 * RecordDescriptor.CACHE_LINE_LENGTH + 16));
        final List<Long> received = new ArrayList<>();
        assertEquals(5, consumer.poll((type, buffer, index, length) -> received.add(buffer.getLong(index)), 10));
        assertEquals(List.of(0L, 1L, 2L, 99L, 100L), received);
        assertEquals(5, ChannelSnapshot.read(path).consumer().messages());
    }

    @Test
    void recordsOfEverySizeUpToTwoLinesWrapTheRingInOrder()
    {
        final SpscRingProducer producer = producer();
        final SpscRingConsumer consumer = consumer();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[120]);
        final long[] next = {0};
        long sent = 0;
        for (int round = 0; round < 2000; round++)
        {
            final int length = 8 + (round * 8) % 120; // records of 16 to 128 bytes, padded or not
            message.putLong(0, sent);
            message.putLong(length - 8, sent);
            if (producer.offer(length, message, 0, length))
            {
                sent++;
            }
            consumer.poll((type, buffer, index, len) ->
            {
                assertEquals(type, len);
                assertEquals(next[0], buffer.getLong(index));
                assertEquals(next[0]++, buffer.getLong(index + len - 8));
            }, 3);
        }
        while (consumer.poll((type, buffer, index, len) -> next[0]++, 100) > 0)
        {
            // drain
        }
        assertEquals(sent, next[0]);
        assertTrue(sent > 1000, "sent " + sent);
    }

    @Test
    void paddingThatEndsNeitherALineNorTheRingIsCorrupt()
    {
        final ChannelFile file = open();
        final SpscRingProducer producer = new SpscRingProducer(file, 0);
        final SpscRingConsumer consumer = consumer();
        producer.offerLong(1, 1);
        file.ring().putInt(4, RecordDescriptor.PADDING_TYPE_ID);
        file.ring().putInt(0, 24); // from 0 to 24: mid-line
        final CorruptChannelException ex = assertThrows(CorruptChannelException.class,
            () -> consumer.poll((type, buffer, index, length) -> { }, 10));
        assertTrue(ex.getMessage().contains("padding record length 24 should reach the end of the cache line (64 bytes)"),
            ex.getMessage());
    }

    @Test
    void impossiblePositionsInTheHeaderAreRefused()
    {
        final ChannelFile file = open();
        announcePosition(file, 3);
        final CorruptChannelException ex = assertThrows(CorruptChannelException.class, () -> new SpscRingProducer(file, 0));
        assertTrue(ex.getMessage().contains("impossible positions"), ex.getMessage());
    }

    @Test
    void aRestartedProducerContinuesAfterRecordsCommittedButNotRecorded()
    {
        final ChannelFile file = open();
        final SpscRingProducer first = new SpscRingProducer(file, 0);
        first.offerLong(1, 1);
        first.offerLong(1, 2);
        first.close();
        // the producer died between publishing a record and announcing its position
        announcePosition(file, 16);
        final SpscRingProducer second = producer();
        second.offerLong(1, 3);
        final List<Long> seen = new ArrayList<>();
        consumer().poll((type, buffer, index, length) -> seen.add(buffer.getLong(index)), 10);
        assertEquals(List.of(1L, 2L, 3L), seen);
    }

    @Test
    void aRestartedConsumerContinuesWhereTheLastOneStopped()
    {
        final SpscRingProducer producer = producer();
        for (int i = 0; i < 10; i++)
        {
            producer.offerLong(1, i);
        }
        final SpscRingConsumer first = consumer();
        assertEquals(4, first.poll((type, buffer, index, length) -> { }, 4));
        first.close();
        final List<Long> seen = new ArrayList<>();
        final SpscRingConsumer second = consumer();
        assertEquals(6, second.poll((type, buffer, index, length) -> seen.add(buffer.getLong(index)), 100));
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), seen);
    }

    @Test
    void aHandlerThatThrowsConsumesOnlyUpToItsMessage()
    {
        final SpscRingProducer producer = producer();
        final SpscRingConsumer consumer = consumer();
        for (int i = 0; i < 5; i++)
        {
            producer.offerLong(1, i);
        }
        assertThrows(IllegalStateException.class, () -> consumer.poll((type, buffer, index, length) ->
        {
            if (buffer.getLong(index) == 2)
            {
                throw new IllegalStateException("handler failure");
            }
        }, 10));
        final List<Long> seen = new ArrayList<>();
        consumer.poll((type, buffer, index, length) -> seen.add(buffer.getLong(index)), 10);
        assertEquals(List.of(3L, 4L), seen);
    }

    @Test
    void twoThreadsExchangeAMillionMessagesWithChecksums() throws Exception
    {
        final SpscRingProducer producer = producer();
        final SpscRingConsumer consumer = consumer();
        final int count = 1_000_000;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread sender = new Thread(() ->
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[512]);
            final Random random = new Random(7);
            final CRC32 crc = new CRC32();
            try
            {
                for (int i = 0; i < count; i++)
                {
                    final int length = 12 + random.nextInt(500);
                    message.putInt(0, i);
                    for (int b = 12; b < length; b++)
                    {
                        message.putByte(b, (byte)(i + b));
                    }
                    crc.reset();
                    crc.update(message.byteArray(), 12, length - 12);
                    message.putLong(4, crc.getValue());
                    while (!producer.offer(i & 0xFF, message, 0, length))
                    {
                        Thread.onSpinWait();
                    }
                }
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
        });
        sender.start();
        final int[] expected = {0};
        final CRC32 crc = new CRC32();
        final byte[] copy = new byte[512];
        while (expected[0] < count && failure.get() == null)
        {
            consumer.poll((type, buffer, index, length) ->
            {
                assertEquals(expected[0], buffer.getInt(index));
                assertEquals(expected[0] & 0xFF, type);
                buffer.getBytes(index + 12, copy, 0, length - 12);
                crc.reset();
                crc.update(copy, 0, length - 12);
                assertEquals(buffer.getLong(index + 4), crc.getValue());
                expected[0]++;
            }, 64);
        }
        sender.join();
        assertEquals(null, failure.get());
        assertEquals(count, expected[0]);
    }

    @Test
    void readersSeeEveryCommittedRecordThoughTheProducerStoresItsPositionOnlyNowAndThen()
    {
        final ChannelFile file = open();
        final SpscRingProducer producer = new SpscRingProducer(file, 0);
        final SpscRingConsumer consumer = consumer();
        for (int i = 0; i < 3; i++)
        {
            producer.offerLong(1, i);
        }
        assertEquals(0, SpscCommittedTail.announcedPosition(file.header()), "not stored yet");
        assertEquals(48, consumer.backlog());
        ChannelSnapshot snapshot = snapshotUnchecked();
        assertEquals(48, snapshot.producer().position());
        assertEquals(3, snapshot.producer().messages());
        assertEquals(24, snapshot.producer().bytes());
        assertEquals(48, snapshot.backlogBytes());

        final int interval = SpscRingDescriptor.announceInterval(CAPACITY);
        for (int i = 3; i < interval / 16 + 1; i++)
        {
            producer.offerLong(1, i);
        }
        assertTrue(SpscCommittedTail.announcedPosition(file.header()) >= interval,
            "stored after " + interval + " bytes of records");
        producer.close();
        snapshot = snapshotUnchecked();
        assertEquals(snapshot.producer().position(), SpscCommittedTail.announcedPosition(file.header()),
            "exact on close");
        assertEquals(interval / 16 + 1, snapshot.producer().messages());
    }

    @Test
    void aProducerThatDiesBeforeStoringItsPositionIsFollowedAfterItsLastRecord() throws Exception
    {
        final ChannelFile file = open();
        final SpscRingProducer first = new SpscRingProducer(file, 0);
        final SpscRingConsumer consumer = consumer();
        first.offerLong(1, 1);
        first.offerLong(1, 2);
        first.offerLong(1, 3);
        ownedByADeadProcess(file, SpscRingDescriptor.PRODUCER_OWNER_OFFSET);

        final SpscRingProducer second = producer();
        second.offerLong(1, 4);
        final List<Long> seen = new ArrayList<>();
        consumer.poll((type, buffer, index, length) -> seen.add(buffer.getLong(index)), 10);
        assertEquals(List.of(1L, 2L, 3L, 4L), seen);
        assertEquals(4, snapshotUnchecked().producer().messages());
    }

    @Test
    void aProducerAttachesWhenTheConsumerHasReadPastTheStoredPosition() throws Exception
    {
        final ChannelFile file = open();
        final SpscRingProducer first = new SpscRingProducer(file, 0);
        final SpscRingConsumer consumer = consumer();
        first.offerLong(1, 1);
        first.offerLong(1, 2);
        assertEquals(2, consumer.poll((type, buffer, index, length) -> { }, 10));
        ownedByADeadProcess(file, SpscRingDescriptor.PRODUCER_OWNER_OFFSET);
        assertEquals(0, SpscCommittedTail.announcedPosition(file.header()), "behind the consumer");

        final SpscRingProducer second = producer();
        second.offerLong(1, 3);
        final List<Long> seen = new ArrayList<>();
        consumer.poll((type, buffer, index, length) -> seen.add(buffer.getLong(index)), 10);
        assertEquals(List.of(3L), seen);
        assertEquals(0, consumer.backlog());
        assertEquals(3, snapshotUnchecked().producer().messages());
    }

    @Test
    void theConsumerZeroesTheRecordsItReadAndStoresTheClearedPosition()
    {
        final ChannelFile file = open();
        final SpscRingProducer producer = new SpscRingProducer(file, 0);
        final SpscRingConsumer consumer = consumer();
        final byte[] large = new byte[100];
        Arrays.fill(large, (byte)0x5A);
        assertTrue(producer.offerLong(3, -1L));
        assertTrue(producer.offer(4, new UnsafeBuffer(large), 0, large.length));
        assertTrue(producer.offerLong(5, -1L));
        final long[] seen = new long[3];
        final int[] count = {0};
        assertEquals(3, consumer.poll((type, buffer, index, length) -> seen[count[0]++] = buffer.getLong(index), 10));
        assertArrayEquals(new long[] {-1L, 0x5A5A5A5A5A5A5A5AL, -1L}, seen, "handed over before clearing");

        final AtomicBuffer ring = file.ring();
        final int block = RingZeroing.CLEARING_GRAIN;
        final long end = 16 + 112 + 16;
        assertZero(ring, 0, block);
        assertEquals(16, ring.getInt(block), "the block holding the position is left to the producer until read past");
        assertEquals(end, file.header().getLongVolatile(SpscRingDescriptor.CONSUMER_POSITION_OFFSET));
        assertEquals(block, file.header().getLongVolatile(SpscRingDescriptor.CONSUMER_CLEARED_OFFSET));
        assertEquals(3, snapshotUnchecked().producer().messages(), "a walk over cleared records still counts them");

        for (int i = 0; i < block / 16; i++)
        {
            assertTrue(producer.offerLong(6, i));
        }
        assertEquals(block / 16, consumer.poll((type, buffer, index, length) -> { }, 100));
        assertZero(ring, 0, 2 * block);
        assertEquals(2 * block, file.header().getLongVolatile(SpscRingDescriptor.CONSUMER_CLEARED_OFFSET));

        consumer.close();
        assertZero(ring, 0, end + block);
        assertEquals(end + block, file.header().getLongVolatile(SpscRingDescriptor.CONSUMER_CLEARED_OFFSET),
            "closing zeroes the rest of what it read");
    }

    @Test
    void afterTheConsumerReadEverythingTheProducerHasAllButOneBlockOfTheRing()
    {
        final SpscRingProducer producer = producer();
        final SpscRingConsumer consumer = consumer();
        long sent = 0;
        long received = 0;
        final long[] expected = {0};
        for (int lap = 0; lap < 50; lap++)
        {
            int written = 0;
            while (producer.offerLong(1, sent))
            {
                sent++;
                written++;
            }
            assertTrue(written >= (CAPACITY - RingZeroing.CLEARING_GRAIN) / 16 - 1, "lap " + lap + ": " + written);
            received += consumer.poll((type, buffer, index, length) ->
                assertEquals(expected[0]++, buffer.getLong(index)), Integer.MAX_VALUE);
            assertEquals(sent, received);
        }
    }

    private static void assertZero(final AtomicBuffer ring, final int from, final long to)
    {
        for (int b = from; b < to; b++)
        {
            assertEquals(0, ring.getByte(b), "byte at " + b);
        }
    }

    @Test
    void theProducerWaitsForTheClearedPositionAndTheNextConsumerRepairsIt() throws Exception
    {
        final ChannelFile file = open();
        final SpscRingProducer producer = new SpscRingProducer(file, 0);
        final SpscRingConsumer first = consumer();
        int written = 0;
        while (producer.offerLong(1, written))
        {
            written++;
        }
        assertEquals(written, first.poll((type, buffer, index, length) -> { }, Integer.MAX_VALUE));
        // as a consumer that died between publishing its position and clearing what it read leaves it
        file.header().putLongVolatile(SpscRingDescriptor.CONSUMER_CLEARED_OFFSET, 0);
        file.ring().setMemory(0, 64, (byte)0x11);
        assertFalse(producer.offerLong(1, written), "no writing over what may still be zeroed");
        ownedByADeadProcess(file, SpscRingDescriptor.CONSUMER_OWNER_OFFSET); // it dies, without closing

        final SpscRingConsumer second = consumer();
        assertEquals(file.header().getLongVolatile(SpscRingDescriptor.CONSUMER_POSITION_OFFSET),
            file.header().getLongVolatile(SpscRingDescriptor.CONSUMER_CLEARED_OFFSET));
        for (int b = 0; b < 64; b++)
        {
            assertEquals(0, file.ring().getByte(b), "zeroed on attach: byte " + b);
        }
        assertTrue(producer.offerLong(1, written));
        final List<Long> seen = new ArrayList<>();
        assertEquals(1, second.poll((type, buffer, index, length) -> seen.add(buffer.getLong(index)), 10));
        assertEquals(List.of((long)written), seen);
    }

    @Test
    void anAbortedClaimLeavesNothingThatLooksLikeARecord()
    {
        final SpscRingProducer producer = producer();
        final SpscRingConsumer consumer = consumer();
        final int index = producer.tryClaim(1, 200);
        producer.buffer().setMemory(index, 200, (byte)0x11);
        producer.abort(index);
        assertTrue(producer.offerLong(2, 20));
        assertTrue(producer.offerLong(3, 30));
        final List<Long> seen = new ArrayList<>();
        assertEquals(2, consumer.poll((type, buffer, i, length) -> seen.add(buffer.getLong(i)), 10));
        assertEquals(List.of(20L, 30L), seen);
        assertEquals(0, consumer.poll((type, buffer, i, length) -> seen.add(buffer.getLong(i)), 10));
    }

    @Test
    void aProducerThatDiedMidClaimLeavesNothingThatLooksLikeARecordToTheNext() throws Exception
    {
        final ChannelFile file = open();
        final SpscRingConsumer consumer = consumer();
        final SpscRingProducer dying = new SpscRingProducer(file, 0);
        assertTrue(dying.offerLong(1, 10));
        final int index = dying.tryClaim(1, 200);
        dying.buffer().setMemory(index, 200, (byte)0x11); // written, never committed
        ownedByADeadProcess(file, SpscRingDescriptor.PRODUCER_OWNER_OFFSET);

        final SpscRingProducer next = producer();
        assertTrue(next.offerLong(2, 20));
        assertTrue(next.offerLong(3, 30));
        final List<Long> seen = new ArrayList<>();
        assertEquals(3, consumer.poll((type, buffer, i, length) -> seen.add(buffer.getLong(i)), 10));
        assertEquals(List.of(10L, 20L, 30L), seen);
        assertEquals(0, consumer.poll((type, buffer, i, length) -> seen.add(buffer.getLong(i)), 10));
    }

    @Test
    void aClearedPositionAheadOfTheConsumerIsCorrupt()
    {
        final ChannelFile file = open();
        file.header().putLongVolatile(SpscRingDescriptor.CONSUMER_CLEARED_OFFSET, 64);
        final CorruptChannelException ex = assertThrows(CorruptChannelException.class, this::consumer);
        assertTrue(ex.getMessage().contains("corrupt ring at position 64: the cleared position is not within a ring " +
            "behind the consumer position 0"), ex.getMessage());
    }

    /** Rewrites the position of the announcement in force, as a producer that died would have left it. */
    private static void announcePosition(final ChannelFile file, final long position)
    {
        final int inForce = file.header().getIntVolatile(SpscRingDescriptor.ANNOUNCEMENT_IN_FORCE_OFFSET);
        file.header().putLong(SpscRingDescriptor.announcementOffset(inForce), position);
    }

    private ChannelSnapshot snapshotUnchecked()
    {
        try
        {
            return ChannelSnapshot.read(path);
        }
        catch (final java.nio.file.NoSuchFileException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
