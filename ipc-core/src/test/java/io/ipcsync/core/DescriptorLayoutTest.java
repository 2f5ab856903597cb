package io.ipcsync.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ipcsync.core.ring.BroadcastRingDescriptor;
import io.ipcsync.core.ring.RecordDescriptor;
import io.ipcsync.core.ring.SpscRingDescriptor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Pins every offset of the layout drawings, so the javadoc and the code cannot drift apart.
 */
class DescriptorLayoutTest
{
    @Test
    void channelFileHeaderOffsetsMatchTheDrawing()
    {
        assertEquals(0, ChannelFileDescriptor.MAGIC_OFFSET);
        assertEquals(8, ChannelFileDescriptor.LAYOUT_VERSION_OFFSET);
        assertEquals(12, ChannelFileDescriptor.MODE_OFFSET);
        assertEquals(16, ChannelFileDescriptor.CAPACITY_OFFSET);
        assertEquals(20, ChannelFileDescriptor.MAX_MESSAGE_LENGTH_OFFSET);
        assertEquals(24, ChannelFileDescriptor.HEADER_LENGTH_OFFSET);
        assertEquals(28, ChannelFileDescriptor.FLAGS_OFFSET);
        assertEquals(32, ChannelFileDescriptor.CREATION_TIME_OFFSET);
        assertEquals(40, ChannelFileDescriptor.CREATOR_PID_OFFSET);
        assertEquals(48, ChannelFileDescriptor.LANES_OFFSET);
        assertEquals(56, ChannelFileDescriptor.CREATOR_PID_NAMESPACE_OFFSET);
        assertEquals(128, ChannelFileDescriptor.RING_STATE_OFFSET);
        assertEquals(4096, ChannelFileDescriptor.HEADER_LENGTH);
        assertEquals(7, ChannelFileDescriptor.LAYOUT_VERSION);
    }

    @Test
    void lanesFollowTheHeaderPageAndTheOverflowRingEachAStatePageAndItsRing()
    {
        assertEquals(4096 + 64 * 1024, ChannelFileDescriptor.fileLength(64 * 1024, 0));
        assertEquals(4096 + 64 * 1024, ChannelFileDescriptor.laneOffset(64 * 1024, 0));
        assertEquals(2 * (4096 + 64 * 1024), ChannelFileDescriptor.laneOffset(64 * 1024, 1));
        assertEquals(4 * (4096 + 64 * 1024), ChannelFileDescriptor.fileLength(64 * 1024, 3));
    }

    @Test
    void magicIsTheAsciiTextInFileOrder()
    {
        final ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, ChannelFileDescriptor.MAGIC);
        assertEquals("IPCSYNC\0", new String(bytes.array(), StandardCharsets.US_ASCII));
    }

    @Test
    void recordHeaderOffsetsMatchTheDrawing()
    {
        assertEquals(8, RecordDescriptor.HEADER_LENGTH);
        assertEquals(8, RecordDescriptor.ALIGNMENT);
        assertEquals(100, RecordDescriptor.lengthOffset(100));
        assertEquals(104, RecordDescriptor.typeOffset(100));
        assertEquals(108, RecordDescriptor.messageOffset(100));
        assertEquals(16, RecordDescriptor.align(9));
        assertEquals(16, RecordDescriptor.align(16));
        assertEquals(-1, RecordDescriptor.PADDING_TYPE_ID);
    }

    @Test
    void spscRingStateOffsetsMatchTheDrawing()
    {
        assertEquals(128, SpscRingDescriptor.PRODUCER_CLOSED_OFFSET);
        assertEquals(132, SpscRingDescriptor.CONSUMER_CLOSED_OFFSET);
        assertEquals(256, SpscRingDescriptor.PRODUCER_POSITION_OFFSET);
        assertEquals(264, SpscRingDescriptor.MESSAGES_SENT_OFFSET);
        assertEquals(272, SpscRingDescriptor.BYTES_SENT_OFFSET);
        assertEquals(280, SpscRingDescriptor.FULL_EVENTS_OFFSET);
        assertEquals(288, SpscRingDescriptor.PRODUCER_OWNER_OFFSET);
        assertEquals(296, SpscRingDescriptor.PRODUCER_START_TIME_OFFSET);
        assertEquals(304, SpscRingDescriptor.PRODUCER_HEARTBEAT_OFFSET);
        assertEquals(384, SpscRingDescriptor.CONSUMER_POSITION_OFFSET);
        assertEquals(392, SpscRingDescriptor.MESSAGES_RECEIVED_OFFSET);
        assertEquals(400, SpscRingDescriptor.BYTES_RECEIVED_OFFSET);
        assertEquals(408, SpscRingDescriptor.CONSUMER_OWNER_OFFSET);
        assertEquals(416, SpscRingDescriptor.CONSUMER_START_TIME_OFFSET);
        assertEquals(424, SpscRingDescriptor.CONSUMER_HEARTBEAT_OFFSET);
        assertEquals(432, SpscRingDescriptor.CONSUMER_CLEARED_OFFSET);
        assertEquals(128, SpscRingDescriptor.CONSUMER_POSITION_OFFSET - SpscRingDescriptor.PRODUCER_POSITION_OFFSET);
    }

    @Test
    void broadcastRingStateAndRecordOffsetsMatchTheDrawing()
    {
        assertEquals(128, BroadcastRingDescriptor.PRODUCER_CLOSED_OFFSET);
        assertEquals(256, BroadcastRingDescriptor.TAIL_OFFSET);
        assertEquals(264, BroadcastRingDescriptor.MESSAGES_SENT_OFFSET);
        assertEquals(272, BroadcastRingDescriptor.BYTES_SENT_OFFSET);
        assertEquals(288, BroadcastRingDescriptor.PRODUCER_OWNER_OFFSET);
        assertEquals(296, BroadcastRingDescriptor.PRODUCER_START_TIME_OFFSET);
        assertEquals(304, BroadcastRingDescriptor.PRODUCER_HEARTBEAT_OFFSET);
        assertEquals(312, BroadcastRingDescriptor.TAIL_INTENT_OFFSET);
        assertEquals(320, BroadcastRingDescriptor.LATEST_OFFSET);
        // the fields a snapshot reads are where the SPSC producer keeps them
        assertEquals(SpscRingDescriptor.PRODUCER_CLOSED_OFFSET, BroadcastRingDescriptor.PRODUCER_CLOSED_OFFSET);
        assertEquals(SpscRingDescriptor.PRODUCER_POSITION_OFFSET, BroadcastRingDescriptor.TAIL_OFFSET);
        assertEquals(SpscRingDescriptor.MESSAGES_SENT_OFFSET, BroadcastRingDescriptor.MESSAGES_SENT_OFFSET);
        assertEquals(SpscRingDescriptor.BYTES_SENT_OFFSET, BroadcastRingDescriptor.BYTES_SENT_OFFSET);
        assertEquals(SpscRingDescriptor.PRODUCER_OWNER_OFFSET, BroadcastRingDescriptor.PRODUCER_OWNER_OFFSET);
        assertEquals(SpscRingDescriptor.PRODUCER_START_TIME_OFFSET, BroadcastRingDescriptor.PRODUCER_START_TIME_OFFSET);
        assertEquals(SpscRingDescriptor.PRODUCER_HEARTBEAT_OFFSET, BroadcastRingDescriptor.PRODUCER_HEARTBEAT_OFFSET);
        assertEquals(16, BroadcastRingDescriptor.HEADER_LENGTH);
        assertEquals(8, BroadcastRingDescriptor.ALIGNMENT);
        assertEquals(108, BroadcastRingDescriptor.sequenceOffset(100));
        assertEquals(116, BroadcastRingDescriptor.messageOffset(100));
    }
}
