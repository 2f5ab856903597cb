package io.ipcsync.core.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelFileDescriptor;
import io.ipcsync.core.ChannelFileException;
import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ChannelSnapshot;
import io.ipcsync.core.IpcsyncException;
import io.ipcsync.core.TestDirectory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MpscLaneTest
{
    private static final int CAPACITY = 4096;
    private static final int LANES = 3;
    private static final Duration SHORT = Duration.ofMillis(50);
    private static final long CLAIM_TIMEOUT = Duration.ofSeconds(30).toNanos();

    private TestDirectory directory;
    private Path path;
    private final List<ChannelFile> files = new ArrayList<>();

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
        path = directory.resolve("lanes.ipc");
    }

    @AfterEach
    void tearDown()
    {
        files.forEach(ChannelFile::close);
        directory.close();
    }

    private ChannelFile open()
    {
        return open(path, files);
    }

    /** Opens (creating if needed) the channel file at a path and adds it to the files to close. */
    private static ChannelFile open(final Path at, final List<ChannelFile> toClose)
    {
        final ChannelFile file = ChannelFile.openOrCreate(
            at, new ChannelLayout(ChannelMode.MPSC, CAPACITY, CAPACITY / 8, LANES), true, false, SHORT);
        toClose.add(file);
        return file;
    }

    private SpscRingProducer producer()
    {
        return SpscRingProducer.onFreeLane(open(), 0);
    }

    private MpscLaneConsumer consumer()
    {
        return new MpscLaneConsumer(open(), 0, CLAIM_TIMEOUT);
    }

    /** A producer of the overflow ring, as a producer that finds every lane held gets. */
    private MpscRingProducer overflowProducer()
    {
        return new MpscRingProducer(open(), 0);
    }

    /** Polls until a status other than 0 or a message, at most a second. */
    private static int awaitStatus(final MpscLaneConsumer consumer, final List<Long> received)
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < deadline)
        {
            final int polled = consumer.poll((type, buffer, index, length) -> received.add(buffer.getLong(index)), 100);
            if (polled < 0)
            {
                return polled;
            }
        }
        return 0;
    }

    @Test
    void theFileHoldsTheHeaderPageTheOverflowRingAndEachLane() throws Exception
    {
        open();
        assertEquals(ChannelFileDescriptor.fileLength(CAPACITY, LANES), Files.size(path));
        assertEquals((1 + LANES) * (4096 + CAPACITY), Files.size(path));
        assertEquals(LANES, ChannelFile.readLayout(path, SHORT).lanes());
    }

    @Test
    void eachProducerTakesItsOwnLaneAndEveryMessageArrivesInItsProducersOrder()
    {
        final SpscRingProducer first = producer();
        final SpscRingProducer second = producer();
        final MpscLaneConsumer consumer = consumer();
        for (long i = 0; i < 100; i++)
        {
            assertTrue(first.offerLong(1, i));
            assertTrue(second.offerLong(2, 1000 + i));
        }
        final List<Long> fromFirst = new ArrayList<>();
        final List<Long> fromSecond = new ArrayList<>();
        int total = 0;
        while (total < 200)
        {
            total += consumer.poll((type, buffer, index, length) ->
                (type == 1 ? fromFirst : fromSecond).add(buffer.getLong(index)), 7);
        }
        for (long i = 0; i < 100; i++)
        {
            assertEquals(i, fromFirst.get((int)i));
            assertEquals(1000 + i, fromSecond.get((int)i));
        }
        assertEquals(0, consumer.poll((type, buffer, index, length) -> { }, 10));
    }

    @Test
    void pollsTakeTurnsSoABusyLaneStarvesNoOther()
    {
        final SpscRingProducer busy = producer();
        final SpscRingProducer quiet = producer();
        final MpscLaneConsumer consumer = consumer();
        while (busy.offerLong(1, 1))
        {
            // fill its lane
        }
        assertTrue(quiet.offerLong(2, 2));
        final List<Integer> types = new ArrayList<>();
        consumer.poll((type, buffer, index, length) -> types.add(type), 4);
        consumer.poll((type, buffer, index, length) -> types.add(type), 4);
        assertTrue(types.contains(2), "the quiet lane's message came within two polls: " + types);
    }

    @Test
    void whenEveryLaneIsHeldTheNextProducersShareTheOverflowRingAndNothingIsLost()
    {
        final List<SpscRingProducer> laneProducers = new ArrayList<>();
        for (int i = 0; i < LANES; i++)
        {
            laneProducers.add(producer());
        }
        assertNull(SpscRingProducer.onFreeLane(open(), 0), "every lane is held");
        final MpscRingProducer extraA = overflowProducer();
        final MpscRingProducer extraB = overflowProducer();
        final MpscLaneConsumer consumer = consumer();
        final int perProducer = 200;
        final List<List<Long>> received = new ArrayList<>();
        for (int producer = 0; producer < LANES + 2; producer++)
        {
            received.add(new ArrayList<>());
        }
        int sent = 0;
        int read = 0;
        for (long i = 0; i < perProducer; i++)
        {
            for (int lane = 0; lane < LANES; lane++)
            {
                assertTrue(laneProducers.get(lane).offerLong(lane, i));
            }
            assertTrue(extraA.offerLong(LANES, i));
            assertTrue(extraB.offerLong(LANES + 1, i));
            sent += LANES + 2;
            while (read < sent) // read as we go, a few at a time: each ring holds 4 KiB
            {
                read += Math.max(0, consumer.poll((type, buffer, index, length) -> received.get(type).add(buffer.getLong(index)), 3));
            }
        }
        for (final List<Long> messages : received)
        {
            assertEquals(perProducer, messages.size());
            for (int i = 0; i < perProducer; i++)
            {
                assertEquals(i, messages.get(i), "each producer's order, lanes and overflow ring alike");
            }
        }
        assertEquals(0, consumer.poll((type, buffer, index, length) -> { }, 10));
    }

    @Test
    void pollsTakeTurnsSoBusyLanesStarveNoOverflowProducer()
    {
        final SpscRingProducer busy = producer();
        final MpscRingProducer extra = overflowProducer();
        final MpscLaneConsumer consumer = consumer();
        while (busy.offerLong(1, 1))
        {
            // fill its lane
        }
        assertTrue(extra.offerLong(2, 2));
        final List<Integer> types = new ArrayList<>();
        for (int poll = 0; poll < LANES + 1; poll++)
        {
            consumer.poll((type, buffer, index, length) -> types.add(type), 4);
        }
        assertTrue(types.contains(2), "the overflow ring's message came within a round of polls: " + types);
    }

    @Test
    void aDeadOverflowProducersClaimHoldsUpOnlyTheOverflowRingUntilItIsSkipped() throws Exception
    {
        final MpscLaneConsumer consumer = consumer();
        final SpscRingProducer lane = producer();
        final MpscRingProducer stuck = overflowProducer();
        final MpscRingProducer other = overflowProducer();
        assertTrue(other.offerLong(3, 1));
        final int index = stuck.tryClaim(2, 8); // never committed
        stuck.buffer().putLong(index, 99);
        assertTrue(other.offerLong(3, 2));
        assertTrue(lane.offerLong(1, 10));

        final List<Long> received = new ArrayList<>();
        final long deadline = System.nanoTime() + Duration.ofMillis(100).toNanos();
        while (System.nanoTime() < deadline)
        {
            consumer.poll((type, buffer, i, length) -> received.add(buffer.getLong(i)), 10);
        }
        assertEquals(List.of(1L, 10L), received.stream().sorted().toList(), "the lane flows, the claim holds back 2");

        assertFalse(consumer.unblock(), "the claimant is alive");
        ownedByADeadProcess(stuck);
        assertTrue(consumer.unblock(), "the claimant is dead: its claim is skipped at once");
        consumer.poll((type, buffer, i, length) -> received.add(buffer.getLong(i)), 10);
        assertEquals(List.of(1L, 2L, 10L), received.stream().sorted().toList());
        assertEquals(1, consumer.claimsSkipped());
        assertThrows(IllegalStateException.class, () -> stuck.commit(index));
    }

    @Test
    void theConsumerWaitsForALiveOverflowProducerAndSeesPeerDeadWhenItDies() throws Exception
    {
        final MpscLaneConsumer consumer = consumer();
        final SpscRingProducer lane = producer();
        final MpscRingProducer extra = overflowProducer();
        assertTrue(extra.offerLong(2, 5));
        lane.close();
        final List<Long> received = new ArrayList<>();
        assertEquals(0, awaitStatus(consumer, received), "the overflow ring's producer is alive");
        assertEquals(List.of(5L), received);
        assertTrue(consumer.isProducerAlive());
        ownedByADeadProcess(extra);
        assertEquals(MpscLaneConsumer.PEER_DEAD, awaitStatus(consumer, received));
        assertFalse(consumer.isProducerAlive());
    }

    @Test
    void theConsumerSeesClosedOnceTheOverflowProducerClosedToo()
    {
        final MpscLaneConsumer consumer = consumer();
        final MpscRingProducer extra = overflowProducer();
        assertTrue(extra.offerLong(2, 6));
        extra.close();
        final List<Long> received = new ArrayList<>();
        assertEquals(MpscLaneConsumer.CLOSED, awaitStatus(consumer, received));
        assertEquals(List.of(6L), received);
    }

    @Test
    void closingTheConsumerClosesTheChannelForOverflowProducersToo()
    {
        final MpscRingProducer extra = overflowProducer();
        consumer().close();
        assertThrows(ChannelClosedException.class, () -> extra.offerLong(1, 1));
    }

    @Test
    void aClosedProducersLaneIsTakenByTheNextAndContinuesAfterItsMessages()
    {
        final MpscLaneConsumer consumer = consumer();
        final SpscRingProducer first = producer();
        assertTrue(first.offerLong(1, 10));
        first.close();
        final SpscRingProducer next = producer();
        assertTrue(next.offerLong(1, 11));
        final List<Long> received = new ArrayList<>();
        consumer.poll((type, buffer, index, length) -> received.add(buffer.getLong(index)), 10);
        assertEquals(List.of(10L, 11L), received);
    }

    @Test
    void aDeadProducersClaimHoldsUpNobodyAndItsLaneIsTakenOver() throws Exception
    {
        final MpscLaneConsumer consumer = consumer();
        final ChannelFile file = open();
        final SpscRingProducer dying = SpscRingProducer.onFreeLane(file, 0);
        final SpscRingProducer other = producer();
        assertTrue(dying.offerLong(1, 1));
        dying.tryClaim(1, 8); // never committed
        ownedByADeadProcess(file, 0);
        assertTrue(other.offerLong(2, 2));

        final List<Long> received = new ArrayList<>();
        consumer.poll((type, buffer, index, length) -> received.add(buffer.getLong(index)), 10);
        assertEquals(List.of(1L, 2L), received.stream().sorted().toList());

        final SpscRingProducer heir = producer(); // takes the dead producer's lane 0
        assertTrue(heir.offerLong(1, 3));
        received.clear();
        consumer.poll((type, buffer, index, length) -> received.add(buffer.getLong(index)), 10);
        assertEquals(List.of(3L), received);
    }

    @Test
    void theConsumerSeesClosedOnceEveryProducerClosedAndEverythingWasRead()
    {
        final MpscLaneConsumer consumer = consumer();
        assertEquals(0, consumer.poll((type, buffer, index, length) -> { }, 10), "no producer yet: wait");
        final SpscRingProducer first = producer();
        final SpscRingProducer second = producer();
        assertTrue(first.offerLong(1, 1));
        first.close();
        final List<Long> received = new ArrayList<>();
        assertEquals(1, consumer.poll((type, buffer, index, length) -> received.add(buffer.getLong(index)), 10));
        assertEquals(0, consumer.poll((type, buffer, index, length) -> { }, 10), "the second producer is alive");
        assertTrue(second.offerLong(2, 2));
        second.close();
        assertEquals(MpscLaneConsumer.CLOSED, awaitStatus(consumer, received));
        assertEquals(List.of(1L, 2L), received);
    }

    @Test
    void theConsumerSeesPeerDeadWhenNoProducerIsAliveAndOneDied() throws Exception
    {
        final MpscLaneConsumer consumer = consumer();
        final ChannelFile file = open();
        final SpscRingProducer dying = SpscRingProducer.onFreeLane(file, 0);
        assertTrue(dying.offerLong(1, 7));
        ownedByADeadProcess(file, 0);
        final List<Long> received = new ArrayList<>();
        assertEquals(MpscLaneConsumer.PEER_DEAD, awaitStatus(consumer, received));
        assertEquals(List.of(7L), received);
        assertFalse(consumer.isProducerAlive());
    }

    @Test
    void closingTheConsumerClosesTheChannelForEveryProducer()
    {
        final SpscRingProducer producer = producer();
        consumer().close();
        assertThrows(ChannelClosedException.class, () -> producer.offerLong(1, 1));
    }

    @Test
    void aSecondLiveConsumerIsRefusedAndTakesNoLane()
    {
        final MpscLaneConsumer consumer = consumer();
        final IpcsyncException ex = assertThrows(IpcsyncException.class, this::consumer);
        assertTrue(ex.getMessage().contains("already has a live consumer"), ex.getMessage());
        final SpscRingProducer producer = producer();
        assertTrue(producer.offerLong(1, 5));
        assertEquals(1, consumer.poll((type, buffer, index, length) -> { }, 10), "the first consumer still reads");
    }

    @Test
    void backlogAndSnapshotAddUpTheLanesAndTheOverflowRing() throws Exception
    {
        final MpscLaneConsumer consumer = consumer();
        final SpscRingProducer first = producer();
        final SpscRingProducer second = producer();
        final MpscRingProducer extra = overflowProducer();
        assertTrue(first.offerLong(1, 1));
        assertTrue(second.offerLong(1, 2));
        assertTrue(second.offerLong(1, 3));
        assertTrue(extra.offerLong(1, 4));
        assertEquals(4 * 16, consumer.backlog());

        final ChannelSnapshot snapshot = ChannelSnapshot.read(path);
        assertEquals(LANES, snapshot.layout().lanes());
        assertEquals(4, snapshot.producer().messages());
        assertEquals(4 * 16, snapshot.backlogBytes());
        assertEquals(3, snapshot.producers().size());
        assertEquals(1, snapshot.consumers().size());
        assertEquals(ChannelSnapshot.SideState.ALIVE, snapshot.consumer().state());

        while (consumer.backlog() > 0)
        {
            consumer.poll((type, buffer, index, length) -> { }, 10);
        }
        final ChannelSnapshot after = ChannelSnapshot.read(path);
        assertEquals(4, after.consumer().messages());
        assertEquals(0, after.backlogBytes());
    }

    @Test
    void theWrongKindOfFileIsAClearError()
    {
        open();
        final Path onePath = directory.resolve("one.ipc");
        final ChannelFile one = ChannelFile.openOrCreate(onePath, ChannelLayout.of(ChannelMode.MPSC, CAPACITY), false, false, SHORT);
        files.add(one);
        final IllegalArgumentException laneless = assertThrows(IllegalArgumentException.class,
            () -> new MpscLaneConsumer(one, 0, CLAIM_TIMEOUT));
        assertTrue(laneless.getMessage().contains("not an MPSC channel with lanes"), laneless.getMessage());

        final ChannelFileException other = assertThrows(ChannelFileException.class, () -> ChannelFile.openOrCreate(
            path, new ChannelLayout(ChannelMode.MPSC, CAPACITY, CAPACITY / 8, 2), true, false, SHORT));
        assertTrue(other.getMessage().contains("lanes 3 differ from the requested"), other.getMessage());
    }

    @Test
    void badLaneCountsAreRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> new ChannelLayout(ChannelMode.SPSC, CAPACITY, 8, 2));
        assertThrows(IllegalArgumentException.class, () -> new ChannelLayout(ChannelMode.MPSC, CAPACITY, 8, -1));
        assertThrows(IllegalArgumentException.class,
            () -> new ChannelLayout(ChannelMode.MPSC, CAPACITY, 8, ChannelLayout.MAX_LANES + 1));
        final IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
            () -> new ChannelLayout(ChannelMode.MPSC, 1 << 30, 8, 4));
        assertTrue(tooBig.getMessage().contains("more than one mapping holds"), tooBig.getMessage());
    }

    @Test
    void theLanesThatFitOneMappingAreCounted()
    {
        assertEquals(4, ChannelLayout.lanesThatFit(ChannelMode.MPSC, 1 << 20, 4));
        assertEquals(2, ChannelLayout.lanesThatFit(ChannelMode.MPSC, 1 << 29, 4), "3 x 512 MiB rings fit, 5 do not");
        assertEquals(0, ChannelLayout.lanesThatFit(ChannelMode.MPSC, 1 << 30, 4), "a 1 GiB ring and a lane do not fit");
        assertEquals(0, ChannelLayout.lanesThatFit(ChannelMode.SPSC, 1 << 20, 4));
    }

    @Test
    void aCorruptLaneCountInAFileIsReported() throws Exception
    {
        open().close();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            final ByteBuffer lanes = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
            lanes.putInt(0, 1000);
            channel.write(lanes, ChannelFileDescriptor.LANES_OFFSET);
        }
        final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> ChannelFile.readLayout(path, SHORT));
        assertTrue(ex.getMessage().contains("corrupt header: lanes 1000 must be from 0"), ex.getMessage());
    }

    @Test
    void closedComesOnlyAfterTheLastOverflowMessagesWhateverTheClosingRaces() throws Exception
    {
        // The lanes are held, then closed, so that only the overflow producer is left; its last
        // messages and its close race the consumer's polls, which must not report CLOSED before
        // it has read them all.
        for (int round = 0; round < 1000; round++) // without the look again, it failed within the first five
        {
            final Path roundPath = directory.resolve("race-" + round + ".ipc");
            final List<ChannelFile> roundFiles = new ArrayList<>();
            try
            {
                final MpscLaneConsumer consumer = new MpscLaneConsumer(open(roundPath, roundFiles), 0, CLAIM_TIMEOUT);
                final List<SpscRingProducer> laneProducers = new ArrayList<>();
                for (int lane = 0; lane < LANES; lane++)
                {
                    laneProducers.add(SpscRingProducer.onFreeLane(open(roundPath, roundFiles), 0));
                }
                final MpscRingProducer overflow = new MpscRingProducer(open(roundPath, roundFiles), 0);
                laneProducers.forEach(SpscRingProducer::close);
                final int messages = 1 + round % 4;
                final Thread sender = new Thread(() ->
                {
                    for (long i = 0; i < messages; i++)
                    {
                        assertTrue(overflow.offerLong(1, i));
                    }
                    overflow.close();
                });
                final List<Long> received = new ArrayList<>();
                sender.start();
                final int status = awaitStatus(consumer, received);
                sender.join();
                assertEquals(MpscLaneConsumer.CLOSED, status, "round " + round);
                assertEquals(messages, received.size(), "round " + round + ": CLOSED before every message was read");
            }
            finally
            {
                roundFiles.forEach(ChannelFile::close);
                Files.deleteIfExists(roundPath);
            }
        }
    }

    /** Makes an overflow ring producer look like it belongs to a process that died. */
    private static void ownedByADeadProcess(final MpscRingProducer producer) throws Exception
    {
        producer.file().header().putLongVolatile(
            PartyTableDescriptor.slotOffset(producer.slot()) + PartyTableDescriptor.OWNER_FIELD, DeadProcess.ownerToken());
    }

    /** Marks lane 0's producer side as held by a process that has died, as a SIGKILL would leave it. */
    private static void ownedByADeadProcess(final ChannelFile file, final int lane) throws Exception
    {
        file.laneState(lane).putLongVolatile(SpscRingDescriptor.PRODUCER_OWNER_OFFSET, DeadProcess.ownerToken());
    }
}
