package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.RecordDescriptor.typeOffset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.ChannelFileDescriptor;
import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.CorruptChannelException;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The walk from the producer's stored position to the end of the committed records. */
class SpscCommittedTailTest
{
    private static final Path PATH = Path.of("/dev/shm/walk-test.ipc");
    private static final ChannelLayout LAYOUT = ChannelLayout.of(ChannelMode.SPSC, 1024);

    private final UnsafeBuffer ring = new UnsafeBuffer(new byte[LAYOUT.capacity()]);
    private UnsafeBuffer header;

    @BeforeEach
    void setUp()
    {
        header = new UnsafeBuffer(new byte[ChannelFileDescriptor.HEADER_LENGTH]);
        for (int i = 0; i < 3; i++)
        {
            ring.putInt(i * 16, 16);
            ring.putInt(typeOffset(i * 16), 1);
        }
        stored(header, 16, 1, 8);
    }

    private static void stored(final UnsafeBuffer header, final long position, final long messages, final long bytes)
    {
        header.putLong(SpscRingDescriptor.PRODUCER_POSITION_OFFSET, position);
        header.putLong(SpscRingDescriptor.MESSAGES_SENT_OFFSET, messages);
        header.putLong(SpscRingDescriptor.BYTES_SENT_OFFSET, bytes);
    }

    @Test
    void theRecordsAfterTheStoredPositionAreAddedToItsCounts()
    {
        assertEquals(new SpscCommittedTail(48, 3, 24), SpscCommittedTail.walk(PATH, LAYOUT, header, ring));
    }

    @Test
    void aConsumerPastTheStoredPositionIsWalkedFromWithItsCounters()
    {
        // the consumer read the first two records and zeroed them, headers too
        ring.setMemory(0, 32, (byte)0);
        header.putLong(SpscRingDescriptor.CONSUMER_POSITION_OFFSET, 32);
        header.putLong(SpscRingDescriptor.MESSAGES_RECEIVED_OFFSET, 2);
        header.putLong(SpscRingDescriptor.BYTES_RECEIVED_OFFSET, 16);
        assertEquals(new SpscCommittedTail(48, 3, 24), SpscCommittedTail.walk(PATH, LAYOUT, header, ring));
    }

    @Test
    void impossiblePositionsThatStayPutAreCorrupt()
    {
        stored(header, 12, 1, 8);
        final CorruptChannelException ex = assertThrows(CorruptChannelException.class,
            () -> SpscCommittedTail.walk(PATH, LAYOUT, header, ring));
        assertTrue(ex.getMessage().contains("impossible positions"), ex.getMessage());
    }

    @Test
    void aCorruptRecordAfterTheStoredPositionIsCorrupt()
    {
        ring.putInt(typeOffset(32), -7);
        final CorruptChannelException ex = assertThrows(CorruptChannelException.class,
            () -> SpscCommittedTail.walk(PATH, LAYOUT, header, ring));
        assertTrue(ex.getMessage().contains("record type -7"), ex.getMessage());
    }

    @Test
    void anAnnouncementLeftHalfWrittenByAProducerThatDiedIsNotRead()
    {
        // announcement 0 is in force; the producer died writing announcement 1 (counters done, position not)
        final int other = SpscRingDescriptor.announcementOffset(1);
        header.putLong(other + Long.BYTES, 3);
        header.putLong(other + 2 * Long.BYTES, 24);
        assertEquals(new SpscCommittedTail(48, 3, 24), SpscCommittedTail.walk(PATH, LAYOUT, header, ring));

        // had it finished and put announcement 1 in force, that one is read
        header.putLong(other, 48);
        header.putIntVolatile(SpscRingDescriptor.ANNOUNCEMENT_IN_FORCE_OFFSET, 1);
        assertEquals(new SpscCommittedTail(48, 3, 24), SpscCommittedTail.walk(PATH, LAYOUT, header, ring));
        assertEquals(48, SpscCommittedTail.announcedPosition(header));
    }

    @Test
    void aReaderThatSawPositionsMoveUnderItWalksAgain()
    {
        // the first read of the producer position sees a value from the middle of a lap (here:
        // unaligned); by the time the reader checks, the producer has stored a new one
        final int[] reads = {0};
        header = new UnsafeBuffer(new byte[ChannelFileDescriptor.HEADER_LENGTH])
        {
            @Override
            public long getLongVolatile(final int index)
            {
                if (index == SpscRingDescriptor.PRODUCER_POSITION_OFFSET && reads[0]++ == 0)
                {
                    return 12;
                }
                return super.getLongVolatile(index);
            }
        };
        stored(header, 16, 1, 8);
        assertEquals(new SpscCommittedTail(48, 3, 24), SpscCommittedTail.walk(PATH, LAYOUT, header, ring));
        assertTrue(reads[0] >= 3, "read the position again: " + reads[0]);
    }
}
