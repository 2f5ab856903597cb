package io.ipcsync.core;

import static io.ipcsync.core.ring.SpscRingDescriptor.BYTES_RECEIVED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.BYTES_SENT_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_CLOSED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_HEARTBEAT_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_OWNER_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_POSITION_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_START_TIME_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.FULL_EVENTS_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.MESSAGES_RECEIVED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.MESSAGES_SENT_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_CLOSED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_HEARTBEAT_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_OWNER_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_POSITION_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_START_TIME_OFFSET;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The state and counters of a channel at one moment, read from its file by any process without
 * attaching to it. Counters are written by each side without locks, so two fields may be a few
 * messages apart.
 *
 * @param file              the channel file.
 * @param layout            mode, capacity and max message length.
 * @param creationTimeMillis when the file was created, epoch millis.
 * @param creatorPid        the pid that created the file.
 * @param producer          the producer side.
 * @param consumer          the consumer side.
 * @param fullEvents        offers and claims refused because the ring was full.
 */
public record ChannelSnapshot(
    Path file,
    ChannelLayout layout,
    long creationTimeMillis,
    long creatorPid,
    Side producer,
    Side consumer,
    long fullEvents)
{
    /**
     * One side of a channel.
     *
     * @param state           whether the side is attached, closed, alive or dead.
     * @param pid             the owning pid, 0 if none.
     * @param position        the side's position in the ring, bytes since creation.
     * @param messages        messages sent (producer) or received (consumer).
     * @param bytes           message bytes sent or received.
     * @param heartbeatMillis the side's last heartbeat, epoch millis, 0 if never.
     */
    public record Side(SideState state, long pid, long position, long messages, long bytes, long heartbeatMillis)
    {
    }

    /** What is known of one side. */
    public enum SideState
    {
        /** No process ever attached to this side. */
        NEVER_ATTACHED,
        /** The side's process is attached and alive. */
        ALIVE,
        /** The side closed the channel and detached. */
        CLOSED,
        /** The side's process died without closing. */
        DEAD
    }

    /**
     * Returns bytes of records committed but not yet read.
     *
     * @return bytes of records committed but not yet read.
     */
    public long backlogBytes()
    {
        return producer.position - consumer.position;
    }

    /**
     * Reads a snapshot of a channel file.
     *
     * @param path the channel file.
     * @return its state and counters.
     * @throws NoSuchFileException  if there is no such file.
     * @throws ChannelFileException if it is not a valid channel file.
     */
    public static ChannelSnapshot read(final Path path) throws NoSuchFileException
    {
        final ChannelLayout layout = ChannelFile.readLayout(path, Duration.ZERO);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final ByteBuffer bytes = ByteBuffer.allocate(ChannelFileDescriptor.HEADER_LENGTH);
            channel.read(bytes, 0);
            final UnsafeBuffer header = new UnsafeBuffer(bytes);
            final Side producer = new Side(
                state(header, PRODUCER_OWNER_OFFSET, PRODUCER_START_TIME_OFFSET, PRODUCER_CLOSED_OFFSET, PRODUCER_POSITION_OFFSET),
                ProcessLiveness.pidOf(header.getLong(PRODUCER_OWNER_OFFSET)),
                header.getLong(PRODUCER_POSITION_OFFSET),
                header.getLong(MESSAGES_SENT_OFFSET),
                header.getLong(BYTES_SENT_OFFSET),
                header.getLong(PRODUCER_HEARTBEAT_OFFSET));
            final Side consumer = new Side(
                state(header, CONSUMER_OWNER_OFFSET, CONSUMER_START_TIME_OFFSET, CONSUMER_CLOSED_OFFSET, CONSUMER_POSITION_OFFSET),
                ProcessLiveness.pidOf(header.getLong(CONSUMER_OWNER_OFFSET)),
                header.getLong(CONSUMER_POSITION_OFFSET),
                header.getLong(MESSAGES_RECEIVED_OFFSET),
                header.getLong(BYTES_RECEIVED_OFFSET),
                header.getLong(CONSUMER_HEARTBEAT_OFFSET));
            return new ChannelSnapshot(path, layout, header.getLong(ChannelFileDescriptor.CREATION_TIME_OFFSET),
                header.getLong(ChannelFileDescriptor.CREATOR_PID_OFFSET), producer, consumer,
                header.getLong(FULL_EVENTS_OFFSET));
        }
        catch (final NoSuchFileException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException(path, "cannot read: " + ex, ex);
        }
    }

    private static SideState state(
        final UnsafeBuffer header, final int ownerOffset, final int startOffset, final int closedOffset, final int positionOffset)
    {
        final long owner = header.getLong(ownerOffset);
        if (owner != 0)
        {
            return ProcessLiveness.isAlive(ProcessLiveness.pidOf(owner), header.getLong(startOffset)) ?
                SideState.ALIVE : SideState.DEAD;
        }
        if (header.getInt(closedOffset) != 0)
        {
            return SideState.CLOSED;
        }
        return header.getLong(startOffset) == 0 ? SideState.NEVER_ATTACHED : SideState.CLOSED;
    }
}
