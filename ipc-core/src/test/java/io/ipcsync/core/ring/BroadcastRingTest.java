package io.ipcsync.core.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelFileException;
import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ChannelSnapshot;
import io.ipcsync.core.CorruptChannelException;
import io.ipcsync.core.IpcsyncException;
import io.ipcsync.core.TestDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BroadcastRingTest
{
    private static final int CAPACITY = 1024;
    private static final Duration SHORT = Duration.ofMillis(50);
    private static final RecordHandler IGNORE = (type, buffer, index, length) -> { };

    private TestDirectory directory;
    private Path path;
    private final List<ChannelFile> files = new ArrayList<>();

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
        path = directory.resolve("broadcast.ipc");
    }

    @AfterEach
    void tearDown()
    {
        files.forEach(ChannelFile::close);
        directory.close();
    }

    private ChannelFile open()
    {
        return open(ChannelLayout.of(ChannelMode.BROADCAST, CAPACITY));
    }

    private ChannelFile open(final ChannelLayout layout)
    {
        final ChannelFile file = ChannelFile.openOrCreate(path, layout, false, false, SHORT);
        files.add(file);
        return file;
    }

    private BroadcastTransmitter transmitter()
    {
        return new BroadcastTransmitter(open());
    }

    private BroadcastReceiver receiver()
    {
        return new BroadcastReceiver(open(), 0);
    }

    /** Collects the long at the start of each message. */
    private static final class Longs implements RecordHandler
    {
        final List<Long> values = new ArrayList<>();

        @Override
        public void onMessage(final int typeId, final org.agrona.DirectBuffer buffer, final int index, final int length)
        {
            values.add(buffer.getLong(index));
        }
    }

    @Test
    void messagesArriveInOrderWithTypeAndContentFromOfferOfferLongAndClaim()
    {
        final BroadcastTransmitter transmitter = transmitter();
        final BroadcastReceiver receiver = receiver();
        final byte[] sent = new byte[37];
        new Random(1).nextBytes(sent);
        transmitter.offer(7, new UnsafeBuffer(sent), 0, sent.length);
        transmitter.offerLong(8, 0xCAFEL);
        final int index = transmitter.tryClaim(9, 16);
        transmitter.buffer().putLong(index, 11);
        transmitter.buffer().putLong(index + 8, 12);
        transmitter.commit(index);
        final int aborted = transmitter.tryClaim(10, 8);
        transmitter.buffer().putLong(aborted, 99);
        transmitter.abort(aborted);
        transmitter.offerLong(11, 13);
        transmitter.offer(12, new UnsafeBuffer(new byte[0]), 0, 0);

        final List<Object> received = new ArrayList<>();
        assertEquals(5, receiver.poll((type, buffer, i, length) ->
        {
            received.add(type);
            final byte[] copy = new byte[length];
            buffer.getBytes(i, copy);
            received.add(copy);
        }, 10));
        assertEquals(7, received.get(0));
        assertArrayEquals(sent, (byte[])received.get(1));
        assertEquals(8, received.get(2));
        assertEquals(0xCAFEL, new UnsafeBuffer((byte[])received.get(3)).getLong(0));
        assertEquals(9, received.get(4));
        assertEquals(11L, new UnsafeBuffer((byte[])received.get(5)).getLong(0));
        assertEquals(12L, new UnsafeBuffer((byte[])received.get(5)).getLong(8));
        assertEquals(11, received.get(6), "the aborted claim is never seen");
        assertEquals(13L, new UnsafeBuffer((byte[])received.get(7)).getLong(0));
        assertEquals(12, received.get(8));
        assertEquals(0, ((byte[])received.get(9)).length);
        assertEquals(0, receiver.poll(IGNORE, 10));
        assertEquals(5, transmitter.nextSequence(), "five messages: the aborted claim took no sequence");
        assertEquals(5, receiver.nextSequence());
        assertEquals(0, receiver.lostMessages());
    }

    @Test
    void theHandlerSeesAPrivateCopyNotTheRing()
    {
        final BroadcastTransmitter transmitter = transmitter();
        final BroadcastReceiver receiver = receiver();
        transmitter.offerLong(1, 5);
        assertEquals(1, receiver.poll((type, buffer, index, length) ->
        {
            assertFalse(buffer == transmitter.buffer());
            assertEquals(5, buffer.getLong(index));
        }, 1));
    }

    @Test
    void everySubscriberSeesEveryMessage()
    {
        final BroadcastTransmitter transmitter = transmitter();
        final List<BroadcastReceiver> receivers = new ArrayList<>();
        final List<Longs> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            receivers.add(receiver());
            seen.add(new Longs());
        }
        final List<Long> expected = new ArrayList<>();
        for (long value = 0; value < 1000; value++)
        {
            transmitter.offerLong(1, value);
            expected.add(value);
            if (value % 20 == 19)
            {
                for (int i = 0; i < receivers.size(); i++)
                {
                    assertEquals(20, receivers.get(i).poll(seen.get(i), 100));
                }
            }
        }
        for (int i = 0; i < receivers.size(); i++)
        {
            assertEquals(expected, seen.get(i).values);
            assertEquals(0, receivers.get(i).lostMessages());
        }
    }

    @Test
    void aLateSubscriberSeesOnlyLaterMessages()
    {
        final BroadcastTransmitter transmitter = transmitter();
        for (long value = 0; value < 100; value++)
        {
            transmitter.offerLong(1, value);
        }
        final BroadcastReceiver late = receiver();
        assertEquals(100, late.nextSequence());
        assertEquals(0, late.poll(IGNORE, 10));
        transmitter.offerLong(1, 100);
        transmitter.offerLong(1, 101);
        final Longs seen = new Longs();
        assertEquals(2, late.poll(seen, 10));
        assertEquals(List.of(100L, 101L), seen.values);
    }

    @Test
    void aSubscriberOnAFreshChannelSeesTheFirstMessage()
    {
        final BroadcastReceiver early = receiver();
        final BroadcastTransmitter transmitter = transmitter();
        transmitter.offerLong(1, 42);
        final Longs seen = new Longs();
        assertEquals(1, early.poll(seen, 10));
        assertEquals(List.of(42L), seen.values);
    }

    @Test
    void aLappedSubscriberIsToldOnceWithTheExactLossThenContinuesAtTheLatest()
    {
        final BroadcastTransmitter transmitter = transmitter();
        final BroadcastReceiver receiver = receiver();
        // 8-byte messages make 24-byte records; 100 of them are 2400 bytes, over two laps of 1024
        for (long value = 0; value < 100; value++)
        {
            transmitter.offerLong(1, value);
        }
        assertEquals(BroadcastReceiver.LAPPED, receiver.poll(IGNORE, 10));
        assertEquals(99, receiver.lostMessages(), "everything before the latest message is lost");
        assertEquals(1, receiver.laps());
        final Longs seen = new Longs();
        assertEquals(1, receiver.poll(seen, 10));
        assertEquals(List.of(99L), seen.values);
        assertEquals(0, receiver.poll(seen, 10));
        assertEquals(100, receiver.messagesReceived() + receiver.lostMessages());
    }

    @Test
    void aLapFoundAfterMessagesWereHandedOverIsReportedByTheNextPoll()
    {
        final BroadcastTransmitter transmitter = transmitter();
        final BroadcastReceiver receiver = receiver();
        final Longs seen = new Longs();
        final long[] sent = {0};
        for (; sent[0] < 40; sent[0]++)
        {
            transmitter.offerLong(1, sent[0]);
        }
        assertEquals(40, receiver.poll(seen, 100));
        // 24-byte records: 40 and 41 end the ring at 1008, padding follows, then 42.. from the start
        for (; sent[0] < 50; sent[0]++)
        {
            transmitter.offerLong(1, sent[0]);
        }
        // the first run (40, 41) was copied and checked whole; while it is handed over the producer
        // laps the receiver, which the run after the padding finds
        final RecordHandler lapping = (type, buffer, index, length) ->
        {
            seen.onMessage(type, buffer, index, length);
            if (seen.values.size() == 42)
            {
                for (int i = 0; i < 50; i++)
                {
                    transmitter.offerLong(1, sent[0]++);
                }
            }
        };
        assertEquals(2, receiver.poll(lapping, 100), "the messages read before the lap are counted");
        final List<Long> expected = new ArrayList<>();
        for (long value = 0; value < 42; value++)
        {
            expected.add(value);
        }
        assertEquals(expected, seen.values);
        assertEquals(BroadcastReceiver.LAPPED, receiver.poll(seen, 100), "then the lap, before anything else");
        assertEquals(99 - 42, receiver.lostMessages());
        assertEquals(1, receiver.poll(seen, 100));
        expected.add(99L);
        assertEquals(expected, seen.values);
    }

    @Test
    void aRecordOverwrittenWhileCopiedIsNeverDelivered()
    {
        final BroadcastTransmitter transmitter = transmitter();
        final BroadcastReceiver receiver = receiver();
        final BroadcastReceiver watcher = receiver();
        transmitter.offer(1, new UnsafeBuffer(new byte[64]), 0, 64);
        // 80-byte records up to 960; the next one pads 960..1024 and overwrites the first record
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        for (int i = 0; i < 11; i++)
        {
            transmitter.offer(1, message, 0, 64);
        }
        assertEquals(12, watcher.poll(IGNORE, 100), "still intact, one ring's worth");
        transmitter.offer(1, message, 0, 64); // the intent now passes the first record by a ring
        final List<Integer> lengths = new ArrayList<>();
        assertEquals(BroadcastReceiver.LAPPED, receiver.poll((type, buffer, index, length) -> lengths.add(length), 100));
        assertTrue(lengths.isEmpty());
        assertEquals(12, receiver.lostMessages());
    }

    @Test
    void racingAProducerThatLapsItNeverYieldsTornDataAndCountsEveryLoss() throws Exception
    {
        final BroadcastTransmitter transmitter = transmitter();
        final BroadcastReceiver receiver = receiver();
        final int count = 300_000;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicBoolean done = new AtomicBoolean();
        final Thread producer = new Thread(() ->
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[120]);
            final Random random = new Random(5);
            try
            {
                for (long seq = 0; seq < count; seq++)
                {
                    final int words = 1 + random.nextInt(15);
                    for (int w = 0; w < words; w++)
                    {
                        message.putLong(w * 8, seq * 31 + w);
                    }
                    transmitter.offer((int)(seq & 0x7FFF), message, 0, words * 8);
                }
                transmitter.close();
            }
            catch (final Throwable t)
            {
                failure.set(t);
            }
            finally
            {
                done.set(true);
            }
        });
        producer.start();
        final long[] expected = {0};
        final RecordHandler check = (type, buffer, index, length) ->
        {
            final long seq = buffer.getLong(index) / 31;
            assertEquals(expected[0], seq, "in order, after counting losses");
            assertEquals((int)(seq & 0x7FFF), type);
            for (int w = 0; w < length / 8; w++)
            {
                assertEquals(seq * 31 + w, buffer.getLong(index + w * 8), "word " + w + " of message " + seq);
            }
            expected[0]++;
        };
        final Random random = new Random(6);
        int status;
        long lapsSeen = 0;
        long lostSeen = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((status = receiver.poll(check, 1 + random.nextInt(8))) != BroadcastReceiver.CLOSED)
        {
            if (status == BroadcastReceiver.LAPPED)
            {
                // the loss it reports must be exact: the next message is the one after the gap
                lapsSeen++;
                expected[0] += receiver.lostMessages() - lostSeen;
                lostSeen = receiver.lostMessages();
            }
            if (random.nextInt(64) == 0)
            {
                Thread.yield(); // fall behind now and then
            }
            assertTrue(System.nanoTime() < deadline, "no CLOSED within a minute");
        }
        producer.join();
        assertNull(failure.get());
        assertTrue(done.get());
        assertEquals(count, expected[0]);
        assertEquals(count, receiver.messagesReceived() + receiver.lostMessages(), "every message read or counted lost");
        assertEquals(lapsSeen, receiver.laps());
    }

    @Test
    void variableLengthRecordsWrapWithPaddingManyTimes()
    {
        final BroadcastTransmitter transmitter = transmitter();
        final BroadcastReceiver receiver = receiver();
        final Random random = new Random(3);
        final long[] next = {0};
        final UnsafeBuffer message = new UnsafeBuffer(new byte[transmitter.maxMessageLength()]);
        final RecordHandler check = (type, buffer, index, length) ->
        {
            assertEquals(next[0], buffer.getLong(index));
            assertEquals(length, type);
            next[0]++;
        };
        for (long seq = 0; seq < 20_000; seq++)
        {
            final int length = 8 + random.nextInt(transmitter.maxMessageLength() - 7);
            message.putLong(0, seq);
            if ((seq & 1) == 0)
            {
                transmitter.offer(length, message, 0, length);
            }
            else
            {
                final int index = transmitter.tryClaim(length, length);
                transmitter.buffer().putLong(index, seq);
                transmitter.commit(index);
            }
            // poll now and then, and always before the producer gets half a ring ahead
            if (receiver.backlog() > CAPACITY / 2 || random.nextInt(3) == 0)
            {
                while (receiver.poll(check, 100) > 0)
                {
                    assertEquals(0, receiver.lostMessages());
                }
            }
        }
        receiver.poll(check, 100);
        assertEquals(20_000, next[0]);
        assertEquals(0, receiver.lostMessages());
    }

    @Test
    void closeIsSeenAfterDrainingAndANewProducerContinuesTheSequence()
    {
        final BroadcastTransmitter transmitter = transmitter();
        final BroadcastReceiver receiver = receiver();
        transmitter.offerLong(1, 1);
        transmitter.offerLong(1, 2);
        transmitter.close();
        assertThrows(ChannelClosedException.class, () -> transmitter.offerLong(1, 3));
        assertEquals(2, receiver.poll(IGNORE, 10));
        assertEquals(BroadcastReceiver.CLOSED, receiver.poll(IGNORE, 10));
        assertEquals(BroadcastReceiver.CLOSED, receiver().poll(IGNORE, 10), "a subscriber joining after close");
        assertEquals(ChannelSnapshot.SideState.CLOSED, snapshot().producer().state());

        final BroadcastTransmitter successor = transmitter();
        assertEquals(2, successor.nextSequence());
        successor.offerLong(1, 3);
        final Longs seen = new Longs();
        assertEquals(1, receiver.poll(seen, 10));
        assertEquals(List.of(3L), seen.values);
        assertEquals(3, receiver.nextSequence());
    }

    @Test
    void aDeadProducerIsReportedAfterItsMessagesAreReadAndASuccessorTakesOver() throws Exception
    {
        final ChannelFile file = open();
        final BroadcastTransmitter transmitter = new BroadcastTransmitter(file);
        final BroadcastReceiver receiver = receiver();
        transmitter.offerLong(1, 1);
        assertTrue(receiver.isProducerAlive());
        file.header().putLongVolatile(BroadcastRingDescriptor.PRODUCER_OWNER_OFFSET, DeadProcess.ownerToken());
        assertEquals(1, receiver.poll(IGNORE, 10));
        int status = 0;
        for (int i = 0; i < 1000 && status == 0; i++)
        {
            status = receiver.poll(IGNORE, 10);
        }
        assertEquals(BroadcastReceiver.PEER_DEAD, status);
        assertFalse(receiver.isProducerAlive());
        assertEquals(ChannelSnapshot.SideState.DEAD, snapshot().producer().state());

        final BroadcastTransmitter successor = transmitter();
        successor.offerLong(1, 2);
        final Longs seen = new Longs();
        assertEquals(1, receiver.poll(seen, 10));
        assertEquals(List.of(2L), seen.values);
    }

    @Test
    void aSecondLiveProducerIsRefused()
    {
        transmitter();
        final IpcsyncException ex = assertThrows(IpcsyncException.class, this::transmitter);
        assertTrue(ex.getMessage().contains("already has a live producer"), ex.getMessage());
    }

    @Test
    void aRestartedProducerContinuesAfterTheLastRecordWithTheNextSequence()
    {
        final ChannelFile file = open();
        final BroadcastTransmitter first = new BroadcastTransmitter(file);
        final BroadcastReceiver receiver = receiver();
        for (long value = 0; value < 30; value++)
        {
            first.offerLong(1, value); // 720 bytes: the next ones wrap
        }
        // the first producer "dies" without closing
        file.header().putLongVolatile(BroadcastRingDescriptor.PRODUCER_OWNER_OFFSET, 0);
        final BroadcastTransmitter second = transmitter();
        assertEquals(30, second.nextSequence());
        for (long value = 30; value < 40; value++)
        {
            second.offerLong(1, value);
        }
        final Longs seen = new Longs();
        assertEquals(40, receiver.poll(seen, 100));
        for (int i = 0; i < 40; i++)
        {
            assertEquals(i, seen.values.get(i));
        }
        assertEquals(40, snapshot().producer().messages());
    }

    @Test
    void aProducerThatDiedBetweenStoringLatestAndTailHasItsLastRecordPublishedByTheNext()
    {
        final ChannelFile file = open();
        final BroadcastTransmitter first = new BroadcastTransmitter(file);
        for (long value = 0; value < 5; value++)
        {
            first.offerLong(1, value);
        }
        // undo the last tail store: latest names record 4, the tail is still before it
        file.header().putLongVolatile(BroadcastRingDescriptor.TAIL_OFFSET, 4 * 24);
        file.header().putLongVolatile(BroadcastRingDescriptor.PRODUCER_OWNER_OFFSET, 0);
        final BroadcastReceiver joinedMeanwhile = receiver();
        assertEquals(4, joinedMeanwhile.nextSequence());

        final BroadcastTransmitter second = transmitter();
        assertEquals(5, second.nextSequence());
        second.offerLong(1, 5);
        final Longs seen = new Longs();
        assertEquals(2, joinedMeanwhile.poll(seen, 10));
        assertEquals(List.of(4L, 5L), seen.values);
    }

    @Test
    void theTailIntentOfAProducerThatDiedMidRecordIsNeverLowered()
    {
        final ChannelFile file = open();
        final BroadcastTransmitter first = new BroadcastTransmitter(file);
        first.offerLong(1, 0);
        final BroadcastReceiver receiver = receiver();
        first.offerLong(1, 1);
        // the producer died after announcing (and perhaps writing) 1016 bytes past the tail
        final long tail = file.header().getLongVolatile(BroadcastRingDescriptor.TAIL_OFFSET);
        file.header().putLongVolatile(BroadcastRingDescriptor.TAIL_INTENT_OFFSET, tail + 1016);
        file.header().putLongVolatile(BroadcastRingDescriptor.PRODUCER_OWNER_OFFSET, 0);
        final BroadcastTransmitter second = transmitter();
        second.offerLong(1, 2);
        assertEquals(tail + 1016, file.header().getLongVolatile(BroadcastRingDescriptor.TAIL_INTENT_OFFSET));
        // so the record at sequence 1, whose bytes the dead producer may have overwritten, counts as lost
        assertEquals(BroadcastReceiver.LAPPED, receiver.poll(IGNORE, 10));
        assertEquals(1, receiver.lostMessages());
        final Longs seen = new Longs();
        assertEquals(1, receiver.poll(seen, 10));
        assertEquals(List.of(2L), seen.values);
    }

    @Test
    void aHandlerThatThrowsConsumesOnlyUpToItsMessage()
    {
        final BroadcastTransmitter transmitter = transmitter();
        final BroadcastReceiver receiver = receiver();
        for (int i = 0; i < 5; i++)
        {
            transmitter.offerLong(1, i);
        }
        assertThrows(IllegalStateException.class, () -> receiver.poll((type, buffer, index, length) ->
        {
            if (buffer.getLong(index) == 2)
            {
                throw new IllegalStateException("handler failure");
            }
        }, 10));
        final Longs seen = new Longs();
        receiver.poll(seen, 10);
        assertEquals(List.of(3L, 4L), seen.values);
    }

    @Test
    void badArgumentsAreRefusedClearly()
    {
        final BroadcastTransmitter transmitter = transmitter();
        final IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
            () -> transmitter.offer(1, new UnsafeBuffer(new byte[CAPACITY]), 0, transmitter.maxMessageLength() + 1));
        assertTrue(tooLong.getMessage().contains("message length 129 must be from 0 to 128"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> transmitter.offerLong(-3, 1));
        assertThrows(IllegalArgumentException.class, () -> transmitter.tryClaim(1, -1));
        final int index = transmitter.tryClaim(1, 8);
        assertThrows(IllegalStateException.class, () -> transmitter.tryClaim(1, 8), "a second claim before commit");
        assertThrows(IllegalStateException.class, () -> transmitter.commit(index + 8));
        transmitter.commit(index);
        assertThrows(IllegalStateException.class, () -> transmitter.commit(index), "a double commit");
        assertThrows(IllegalStateException.class, () -> transmitter.abort(index));

        final BroadcastReceiver receiver = receiver();
        receiver.close();
        assertThrows(ChannelClosedException.class, () -> receiver.poll(IGNORE, 1));
    }

    @Test
    void aCorruptRecordThatIsNotBeingOverwrittenIsAnExceptionNotACrash()
    {
        final ChannelFile file = open();
        final BroadcastTransmitter transmitter = new BroadcastTransmitter(file);
        final BroadcastReceiver receiver = receiver();
        transmitter.offerLong(1, 1);

        file.ring().putInt(0, 1_000_000);
        CorruptChannelException ex = assertThrows(CorruptChannelException.class, () -> receiver.poll(IGNORE, 10));
        assertTrue(ex.getMessage().contains("corrupt broadcast ring at position 0: record length 1000000"), ex.getMessage());
        file.ring().putInt(0, 3);
        assertThrows(CorruptChannelException.class, () -> receiver.poll(IGNORE, 10));
        file.ring().putInt(0, 24);
        file.ring().putInt(4, -7);
        ex = assertThrows(CorruptChannelException.class, () -> receiver.poll(IGNORE, 10));
        assertTrue(ex.getMessage().contains("record type -7 is negative"), ex.getMessage());
        file.ring().putInt(4, RecordDescriptor.PADDING_TYPE_ID);
        ex = assertThrows(CorruptChannelException.class, () -> receiver.poll(IGNORE, 10));
        assertTrue(ex.getMessage().contains("padding record length 24 should reach the end"), ex.getMessage());
        file.ring().putInt(4, 1);
        file.ring().putLong(8, 77);
        ex = assertThrows(CorruptChannelException.class, () -> receiver.poll(IGNORE, 10));
        assertTrue(ex.getMessage().contains("record sequence 77 (expected 0)"), ex.getMessage());
        file.ring().putLong(8, 0);
        file.ring().putInt(0, 40); // a valid-looking record that runs past the tail
        assertThrows(CorruptChannelException.class, () -> receiver.poll(IGNORE, 10));
        file.ring().putInt(0, 24);
        assertEquals(1, receiver.poll(IGNORE, 10), "repaired, it reads again");
    }

    @Test
    void aTailMovedUnderTheProducerIsRefusedBeforeAnyByteIsWritten()
    {
        final ChannelFile file = open();
        final BroadcastTransmitter transmitter = new BroadcastTransmitter(file);
        final UnsafeBuffer message = new UnsafeBuffer(new byte[BroadcastTransmitter.EARLY_STATE_LOAD_LENGTH]);
        transmitter.offer(1, message, 0, message.capacity());
        final long tail = file.header().getLong(BroadcastRingDescriptor.TAIL_OFFSET);
        final long intent = file.header().getLong(BroadcastRingDescriptor.TAIL_INTENT_OFFSET);

        file.header().putLong(BroadcastRingDescriptor.TAIL_OFFSET, tail + 64); // as a second writer would
        final CorruptChannelException ex =
            assertThrows(CorruptChannelException.class, () -> transmitter.offer(1, message, 0, message.capacity()));
        assertTrue(ex.getMessage().contains("the tail is not where this producer left it (" + tail + ")"), ex.getMessage());
        assertEquals(intent, file.header().getLong(BroadcastRingDescriptor.TAIL_INTENT_OFFSET), "nothing was claimed");
        assertEquals(tail + 64, file.header().getLong(BroadcastRingDescriptor.TAIL_OFFSET));
    }

    @Test
    void aGarbageHeaderInARecordBeingOverwrittenIsALapNotCorruption()
    {
        final ChannelFile file = open();
        final BroadcastTransmitter transmitter = new BroadcastTransmitter(file);
        final BroadcastReceiver receiver = receiver();
        for (long value = 0; value < 50; value++)
        {
            transmitter.offerLong(1, value);
        }
        // a torn header at the receiver's position, in bytes the producer has announced it overwrites
        file.ring().putInt(0, 1_000_000);
        file.ring().putInt(4, -7);
        assertEquals(BroadcastReceiver.LAPPED, receiver.poll(IGNORE, 10));
        assertEquals(49, receiver.lostMessages());
    }

    @Test
    @Timeout(10)
    void anIntentMoreThanARingPastALatestThatNeverMovesIsCorruptionNotAWaitWithoutEnd()
    {
        final ChannelFile file = open();
        final BroadcastTransmitter transmitter = new BroadcastTransmitter(file);
        for (long value = 0; value < 10; value++)
        {
            transmitter.offerLong(1, value);
        }
        final long latest = file.header().getLong(BroadcastRingDescriptor.LATEST_OFFSET);
        final long intent = file.header().getLong(BroadcastRingDescriptor.TAIL_INTENT_OFFSET);
        file.header().putLongVolatile(BroadcastRingDescriptor.TAIL_INTENT_OFFSET, latest + 2 * CAPACITY);

        // joining: every try finds the latest record overwritten, and nothing moves (found by CorruptionFuzzTest)
        CorruptChannelException ex = assertThrows(CorruptChannelException.class, () -> new BroadcastReceiver(file, 0));
        assertTrue(ex.getMessage().contains("no record to start at: tail"), ex.getMessage());

        file.header().putLongVolatile(BroadcastRingDescriptor.TAIL_INTENT_OFFSET, intent);
        final BroadcastReceiver receiver = receiver();
        transmitter.offerLong(1, 10);
        file.header().putLongVolatile(BroadcastRingDescriptor.TAIL_INTENT_OFFSET, latest + 3 * CAPACITY);
        // polling: the record looks lapped, and the latest to jump to looks overwritten too, for good
        ex = assertThrows(CorruptChannelException.class, () ->
        {
            while (receiver.poll(IGNORE, 10) != BroadcastReceiver.LAPPED)
            {
                Thread.onSpinWait();
            }
            receiver.poll(IGNORE, 10);
        });
        assertTrue(ex.getMessage().contains("past the latest record, and latest did not move"), ex.getMessage());
    }

    @Test
    void aTransmitterThatTakesADeadOnesPlaceIsNotReportedDeadForTheRestOfTheInterval() throws Exception
    {
        final ChannelFile file = open();
        new BroadcastTransmitter(file).offerLong(1, 1);
        final BroadcastReceiver receiver = new BroadcastReceiver(open(), TimeUnit.SECONDS.toNanos(30));
        file.header().putLongVolatile(BroadcastRingDescriptor.PRODUCER_OWNER_OFFSET, DeadProcess.ownerToken());
        int status = 0;
        for (int i = 0; i < 2 * PeerWatch.CALLS_BETWEEN_CLOCK_READS && status == 0; i++)
        {
            status = receiver.poll(IGNORE, 10);
        }
        assertEquals(BroadcastReceiver.PEER_DEAD, status);

        // the next check of the process table is 30 s away; the verdict was about the dead owner only
        new BroadcastTransmitter(open()).offerLong(1, 2);
        assertEquals(1, receiver.poll(IGNORE, 10));
        for (int i = 0; i < 2 * PeerWatch.CALLS_BETWEEN_CLOCK_READS; i++)
        {
            assertEquals(0, receiver.poll(IGNORE, 10), "the successor is alive");
        }
    }

    @Test
    void impossiblePositionsAreRefusedAndTheProducerSideIsReleased()
    {
        final ChannelFile file = open();
        file.header().putLong(BroadcastRingDescriptor.TAIL_OFFSET, 3);
        CorruptChannelException ex = assertThrows(CorruptChannelException.class, () -> new BroadcastTransmitter(file));
        assertTrue(ex.getMessage().contains("impossible broadcast positions: tail 3"), ex.getMessage());
        ex = assertThrows(CorruptChannelException.class, () -> new BroadcastTransmitter(file));
        assertTrue(ex.getMessage().contains("impossible broadcast positions"), "not 'already has a live producer'");
        assertThrows(CorruptChannelException.class, () -> new BroadcastReceiver(file, 0));

        file.header().putLong(BroadcastRingDescriptor.TAIL_OFFSET, 4096);
        file.header().putLong(BroadcastRingDescriptor.LATEST_OFFSET, 1020); // no room for a header
        file.header().putLong(BroadcastRingDescriptor.TAIL_INTENT_OFFSET, 4096);
        assertThrows(CorruptChannelException.class, () -> new BroadcastTransmitter(file));
        assertThrows(CorruptChannelException.class, () -> new BroadcastReceiver(file, 0));
        file.header().putLong(BroadcastRingDescriptor.LATEST_OFFSET, 64);
        ex = assertThrows(CorruptChannelException.class, () -> new BroadcastReceiver(file, 0));
        assertTrue(ex.getMessage().contains("more than a ring before the tail"), ex.getMessage());
        file.header().putLong(BroadcastRingDescriptor.LATEST_OFFSET, 4096 - 24);
        file.ring().putInt(1000, 24);
        file.ring().putInt(1004, -9);
        ex = assertThrows(CorruptChannelException.class, () -> new BroadcastTransmitter(file));
        assertTrue(ex.getMessage().contains("the latest record: record type -9 is negative"), ex.getMessage());
    }

    @Test
    void aFileOfAnotherModeIsRefused()
    {
        final ChannelFile spsc = open(ChannelLayout.of(ChannelMode.SPSC, CAPACITY));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new BroadcastTransmitter(spsc));
        assertTrue(ex.getMessage().contains("is a SPSC channel, not BROADCAST"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> new BroadcastReceiver(spsc, 0));
        assertTrue(ex.getMessage().contains("is a SPSC channel, not BROADCAST"), ex.getMessage());
        final ChannelFileException mode = assertThrows(ChannelFileException.class,
            () -> ChannelFile.open(path, ChannelMode.BROADCAST, null, SHORT));
        assertTrue(mode.getMessage().contains("mode is SPSC, opened as BROADCAST"), mode.getMessage());
    }

    @Test
    void aChannelWithoutRoomForMessagesStillCarriesEmptyOnes()
    {
        final ChannelFile file = open(new ChannelLayout(ChannelMode.BROADCAST, CAPACITY, 0));
        final BroadcastTransmitter transmitter = new BroadcastTransmitter(file);
        final BroadcastReceiver receiver = new BroadcastReceiver(file, 0);
        transmitter.offer(4, new UnsafeBuffer(new byte[0]), 0, 0);
        assertThrows(IllegalArgumentException.class, () -> transmitter.offerLong(1, 1));
        final List<Integer> types = new ArrayList<>();
        assertEquals(1, receiver.poll((type, buffer, index, length) -> types.add(type * 100 + length), 10));
        assertEquals(List.of(400), types);
    }

    @Test
    void aSnapshotReadsTheProducerSideOfABroadcastFile()
    {
        final BroadcastTransmitter transmitter = transmitter();
        transmitter.offerLong(1, 1);
        transmitter.offer(1, new UnsafeBuffer(new byte[20]), 0, 20);
        final ChannelSnapshot snapshot = snapshot();
        assertEquals(ChannelMode.BROADCAST, snapshot.layout().mode());
        assertEquals(ChannelSnapshot.SideState.ALIVE, snapshot.producer().state());
        assertEquals(2, snapshot.producer().messages());
        assertEquals(28, snapshot.producer().bytes());
        assertEquals(24 + 40, snapshot.producer().position());
        assertEquals(0, snapshot.fullEvents(), "a broadcast is never full");
        assertEquals(ChannelSnapshot.SideState.NEVER_ATTACHED, snapshot.consumer().state(), "subscribers write nothing");
    }

    private ChannelSnapshot snapshot()
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
