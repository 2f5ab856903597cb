package io.ipcsync.core.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        final ChannelFile file = ChannelFile.openOrCreate(
            path, new ChannelLayout(ChannelMode.MPSC, CAPACITY, CAPACITY / 8, LANES), true, false, SHORT);
        files.add(file);
        return file;
    }

    private SpscRingProducer producer()
    {
        return SpscRingProducer.onFreeLane(open(), 0);
    }

    private MpscLaneConsumer consumer()
    {
        return new MpscLaneConsumer(open(), 0);
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
    void theFileHoldsTheHeaderPageAndEachLane() throws Exception
    {
        open();
        assertEquals(ChannelFileDescriptor.fileLength(CAPACITY, LANES), Files.size(path));
        assertEquals(4096 + LANES * (4096 + CAPACITY), Files.size(path));
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
    void whenEveryLaneIsHeldAnotherProducerIsToldSo()
    {
        for (int i = 0; i < LANES; i++)
        {
            producer();
        }
        final IpcsyncException ex = assertThrows(IpcsyncException.class, this::producer);
        assertTrue(ex.getMessage().contains("a live producer holds each of its 3 lanes"), ex.getMessage());
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
    void backlogAndSnapshotAddUpTheLanes() throws Exception
    {
        final MpscLaneConsumer consumer = consumer();
        final SpscRingProducer first = producer();
        final SpscRingProducer second = producer();
        assertTrue(first.offerLong(1, 1));
        assertTrue(second.offerLong(1, 2));
        assertTrue(second.offerLong(1, 3));
        assertEquals(3 * 16, consumer.backlog());

        final ChannelSnapshot snapshot = ChannelSnapshot.read(path);
        assertEquals(LANES, snapshot.layout().lanes());
        assertEquals(3, snapshot.producer().messages());
        assertEquals(3 * 16, snapshot.backlogBytes());
        assertEquals(2, snapshot.producers().size());
        assertEquals(ChannelSnapshot.SideState.ALIVE, snapshot.consumer().state());

        consumer.poll((type, buffer, index, length) -> { }, 10);
        final ChannelSnapshot after = ChannelSnapshot.read(path);
        assertEquals(3, after.consumer().messages());
        assertEquals(0, after.backlogBytes());
    }

    @Test
    void theWrongKindOfFileIsAClearError()
    {
        final ChannelFile lanes = open();
        final IllegalArgumentException shared = assertThrows(IllegalArgumentException.class,
            () -> new MpscRingProducer(lanes, 0));
        assertTrue(shared.getMessage().contains("an MPSC channel with 3 producer lanes, not one shared ring"),
            shared.getMessage());

        final Path onePath = directory.resolve("one.ipc");
        final ChannelFile one = ChannelFile.openOrCreate(onePath, ChannelLayout.of(ChannelMode.MPSC, CAPACITY), false, false, SHORT);
        files.add(one);
        final IllegalArgumentException laneless = assertThrows(IllegalArgumentException.class,
            () -> new MpscLaneConsumer(one, 0));
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

    /** Marks lane 0's producer side as held by a process that has died, as a SIGKILL would leave it. */
    private static void ownedByADeadProcess(final ChannelFile file, final int lane) throws Exception
    {
        final Process process = new ProcessBuilder("true").start();
        process.waitFor();
        file.laneState(lane).putLongVolatile(SpscRingDescriptor.PRODUCER_OWNER_OFFSET, process.pid() << 24 | 1);
    }
}
