package io.ipcsync.core;

import io.ipcsync.core.ring.BroadcastRingDescriptor;
import io.ipcsync.core.ring.MpscRingDescriptor;
import io.ipcsync.core.ring.PartyTableDescriptor;
import io.ipcsync.core.ring.SlotRingDescriptor;
import io.ipcsync.core.ring.SpscCommittedTail;
import io.ipcsync.core.ring.SpscRingDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The state and counters of a channel at one moment, read from its file by any process without
 * attaching to it. Counters are written by each party without locks, so two fields may be a few
 * messages apart.
 *
 * <p>{@link #producer()} and {@link #consumer()} sum up each role: its state is {@code ALIVE} when
 * any party of the role is, else {@code DEAD} when one died, else {@code CLOSED} when one closed;
 * counters are totals and the position is the role's position in the ring (for SPMC and MPMC, slots
 * times the slot length). {@link #producers()} and {@link #consumers()} list the parties one by one
 * (for SPMC and MPMC their position is their last claim or take, in slots; for an MPSC channel with
 * lanes, each lane's producer and each producer of the overflow ring, and positions summed over the
 * rings). Broadcast subscribers do not
 * register: a broadcast channel's consumer side is {@code NEVER_ATTACHED} at the tail.
 *
 * @param file               the channel file.
 * @param layout             mode, capacity and max message length.
 * @param creationTimeMillis when the file was created, epoch millis.
 * @param creatorPid         the pid that created the file.
 * @param producer           the producer role, summed up.
 * @param consumer           the consumer role, summed up.
 * @param fullEvents         offers and claims refused because the ring was full.
 * @param producers          each producer attached, dead, or closed and not yet replaced.
 * @param consumers          each consumer attached, dead, or closed and not yet replaced.
 */
public record ChannelSnapshot(
    Path file,
    ChannelLayout layout,
    long creationTimeMillis,
    long creatorPid,
    Side producer,
    Side consumer,
    long fullEvents,
    List<Side> producers,
    List<Side> consumers)
{
    /**
     * One party, or one role summed up.
     *
     * @param state           whether the party is attached, closed, alive or dead.
     * @param pid             the owning pid, 0 if none.
     * @param position        the position in the ring, bytes since creation (see the class comment).
     * @param messages        messages sent (producer) or received (consumer).
     * @param bytes           message bytes sent or received.
     * @param heartbeatMillis the last heartbeat, epoch millis, 0 if never.
     */
    public record Side(SideState state, long pid, long position, long messages, long bytes, long heartbeatMillis)
    {
    }

    /** What is known of one party or role. */
    public enum SideState
    {
        /** No process ever attached. */
        NEVER_ATTACHED,
        /** The process is attached and alive. */
        ALIVE,
        /** It closed the channel and detached. */
        CLOSED,
        /** The process died without closing. */
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
            final long created = header.getLong(ChannelFileDescriptor.CREATION_TIME_OFFSET);
            final long creator = header.getLong(ChannelFileDescriptor.CREATOR_PID_OFFSET);
            return switch (layout.mode())
            {
                case SPSC -> spsc(path, layout, created, creator, header,
                    committedTail(path, layout, channel, header, ChannelFileDescriptor.HEADER_LENGTH));
                case BROADCAST -> broadcast(path, layout, created, creator, header);
                case MPSC ->
                {
                    final ChannelSnapshot shared = parties(path, layout, created, creator, header,
                        header.getLong(MpscRingDescriptor.TAIL_POSITION_OFFSET),
                        header.getLong(MpscRingDescriptor.HEAD_POSITION_OFFSET));
                    yield layout.lanes() != 0 ? lanes(path, layout, shared, channel) : shared;
                }
                case SPMC, MPMC ->
                {
                    final long slotLength = header.getInt(SlotRingDescriptor.SLOT_LENGTH_OFFSET);
                    yield parties(path, layout, created, creator, header,
                        header.getLong(SlotRingDescriptor.TAIL_OFFSET) * slotLength,
                        header.getLong(SlotRingDescriptor.HEAD_OFFSET) * slotLength);
                }
            };
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

    private static ChannelSnapshot spsc(
        final Path path,
        final ChannelLayout layout,
        final long created,
        final long creator,
        final UnsafeBuffer header,
        final SpscCommittedTail committed)
    {
        final Side producer = spscProducer(header, committed);
        final Side consumer = spscConsumer(header);
        return new ChannelSnapshot(path, layout, created, creator, producer, consumer,
            header.getLong(SpscRingDescriptor.FULL_EVENTS_OFFSET), attached(producer), attached(consumer));
    }

    private static Side spscProducer(final UnsafeBuffer state, final SpscCommittedTail committed)
    {
        return side(state,
            SpscRingDescriptor.PRODUCER_OWNER_OFFSET, SpscRingDescriptor.PRODUCER_START_TIME_OFFSET,
            SpscRingDescriptor.PRODUCER_CLOSED_OFFSET, SpscRingDescriptor.PRODUCER_HEARTBEAT_OFFSET,
            committed.position(), committed.messages(), committed.bytes());
    }

    private static Side spscConsumer(final UnsafeBuffer state)
    {
        return side(state,
            SpscRingDescriptor.CONSUMER_OWNER_OFFSET, SpscRingDescriptor.CONSUMER_START_TIME_OFFSET,
            SpscRingDescriptor.CONSUMER_CLOSED_OFFSET, SpscRingDescriptor.CONSUMER_HEARTBEAT_OFFSET,
            state.getLong(SpscRingDescriptor.CONSUMER_POSITION_OFFSET),
            state.getLong(SpscRingDescriptor.MESSAGES_RECEIVED_OFFSET),
            state.getLong(SpscRingDescriptor.BYTES_RECEIVED_OFFSET));
    }

    /**
     * An MPSC channel with lanes: each lane is an SPSC ring and the overflow ring an MPSC ring;
     * producers are the lanes' producers and the overflow ring's, the consumer (one for every
     * ring) is summed over the rings, positions are sums too.
     *
     * @param overflow the snapshot of the overflow ring alone, read as an MPSC ring.
     */
    private static ChannelSnapshot lanes(
        final Path path, final ChannelLayout layout, final ChannelSnapshot overflow, final FileChannel channel)
        throws IOException
    {
        final List<Side> producers = new ArrayList<>();
        final List<Side> consumerRings = new ArrayList<>(overflow.consumers());
        long producerPosition = overflow.producer().position();
        long consumerPosition = overflow.consumer().position();
        long fullEvents = overflow.fullEvents();
        for (int lane = 0; lane < layout.lanes(); lane++)
        {
            final long offset = ChannelFileDescriptor.laneOffset(layout.capacity(), lane);
            final ByteBuffer bytes = ByteBuffer.allocate(ChannelFileDescriptor.HEADER_LENGTH);
            channel.read(bytes, offset);
            final UnsafeBuffer state = new UnsafeBuffer(bytes);
            final Side producer = spscProducer(state,
                committedTail(path, layout, channel, state, offset + ChannelFileDescriptor.HEADER_LENGTH));
            final Side consumer = spscConsumer(state);
            producerPosition += producer.position();
            consumerPosition += consumer.position();
            fullEvents += state.getLong(SpscRingDescriptor.FULL_EVENTS_OFFSET);
            producers.addAll(attached(producer));
            consumerRings.addAll(attached(consumer));
        }
        producers.addAll(overflow.producers());
        final Side consumer = summary(consumerRings, consumerPosition, overflow.consumer().state() == SideState.CLOSED);
        return new ChannelSnapshot(path, layout, overflow.creationTimeMillis(), overflow.creatorPid(),
            summary(producers, producerPosition, overflow.producer().state() == SideState.CLOSED), consumer,
            fullEvents, List.copyOf(producers), attached(consumer));
    }

    /**
     * Finds the end of an SPSC ring's committed records: the producer stores its position only
     * every so many records, and the records after it are in the ring.
     */
    private static SpscCommittedTail committedTail(
        final Path path,
        final ChannelLayout layout,
        final FileChannel channel,
        final UnsafeBuffer state,
        final long ringOffset) throws IOException
    {
        final long fileLength = ChannelFileDescriptor.fileLength(layout.capacity(), layout.lanes());
        if (channel.size() < fileLength)
        {
            throw new ChannelFileException(path, "truncated: " + channel.size() + " bytes, its layout needs " + fileLength);
        }
        final MappedByteBuffer ring = channel.map(FileChannel.MapMode.READ_ONLY, ringOffset, layout.capacity());
        try
        {
            return SpscCommittedTail.walk(path, layout, state, new UnsafeBuffer(ring));
        }
        finally
        {
            IoUtil.unmap(ring);
        }
    }

    private static ChannelSnapshot broadcast(
        final Path path, final ChannelLayout layout, final long created, final long creator, final UnsafeBuffer header)
    {
        final long tail = header.getLong(BroadcastRingDescriptor.TAIL_OFFSET);
        final Side producer = side(header,
            BroadcastRingDescriptor.PRODUCER_OWNER_OFFSET, BroadcastRingDescriptor.PRODUCER_START_TIME_OFFSET,
            BroadcastRingDescriptor.PRODUCER_CLOSED_OFFSET, BroadcastRingDescriptor.PRODUCER_HEARTBEAT_OFFSET, tail,
            header.getLong(BroadcastRingDescriptor.MESSAGES_SENT_OFFSET),
            header.getLong(BroadcastRingDescriptor.BYTES_SENT_OFFSET));
        final Side subscribers = new Side(SideState.NEVER_ATTACHED, 0, tail, 0, 0, 0);
        return new ChannelSnapshot(path, layout, created, creator, producer, subscribers, 0, attached(producer), List.of());
    }

    private static ChannelSnapshot parties(
        final Path path,
        final ChannelLayout layout,
        final long created,
        final long creator,
        final UnsafeBuffer header,
        final long producerPosition,
        final long consumerPosition)
    {
        final List<Side> producers = new ArrayList<>();
        final List<Side> consumers = new ArrayList<>();
        long fullEvents = 0;
        for (int slot = 0; slot < PartyTableDescriptor.SLOT_COUNT; slot++)
        {
            final int offset = PartyTableDescriptor.slotOffset(slot);
            final int role = header.getInt(offset + PartyTableDescriptor.ROLE_FIELD);
            if (role != PartyTableDescriptor.ROLE_PRODUCER && role != PartyTableDescriptor.ROLE_CONSUMER)
            {
                continue;
            }
            final long owner = header.getLong(offset + PartyTableDescriptor.OWNER_FIELD);
            final SideState state = owner == 0 ? SideState.CLOSED :
                ProcessLiveness.isAlive(ProcessLiveness.pidOf(owner),
                    header.getLong(offset + PartyTableDescriptor.START_TIME_FIELD)) ? SideState.ALIVE : SideState.DEAD;
            final Side party = new Side(state, owner == 0 ? 0 : ProcessLiveness.pidOf(owner),
                MpscRingDescriptor.claimPosition(header.getLong(offset + PartyTableDescriptor.CLAIM_POSITION_FIELD)),
                header.getLong(offset + PartyTableDescriptor.MESSAGES_FIELD),
                header.getLong(offset + PartyTableDescriptor.BYTES_FIELD),
                header.getLong(offset + PartyTableDescriptor.HEARTBEAT_FIELD));
            if (role == PartyTableDescriptor.ROLE_PRODUCER)
            {
                producers.add(party);
                fullEvents += header.getLong(offset + PartyTableDescriptor.FULL_EVENTS_FIELD);
            }
            else
            {
                consumers.add(party);
            }
        }
        return new ChannelSnapshot(path, layout, created, creator,
            summary(producers, producerPosition, header.getInt(PartyTableDescriptor.PRODUCERS_CLOSED_OFFSET) != 0),
            summary(consumers, consumerPosition, header.getInt(PartyTableDescriptor.CONSUMERS_CLOSED_OFFSET) != 0),
            fullEvents, List.copyOf(producers), List.copyOf(consumers));
    }

    private static Side summary(final List<Side> parties, final long position, final boolean closedFlag)
    {
        Side representative = null;
        long messages = 0;
        long bytes = 0;
        long heartbeat = 0;
        for (final Side party : parties)
        {
            messages += party.messages();
            bytes += party.bytes();
            heartbeat = Math.max(heartbeat, party.heartbeatMillis());
            if (representative == null || rank(party.state()) > rank(representative.state()))
            {
                representative = party;
            }
        }
        final SideState state = representative != null ? representative.state() :
            closedFlag ? SideState.CLOSED : SideState.NEVER_ATTACHED;
        return new Side(state, representative != null ? representative.pid() : 0, position, messages, bytes, heartbeat);
    }

    /** Which state sums up a role: alive over dead over closed. */
    private static int rank(final SideState state)
    {
        return switch (state)
        {
            case ALIVE -> 3;
            case DEAD -> 2;
            case CLOSED -> 1;
            case NEVER_ATTACHED -> 0;
        };
    }

    private static List<Side> attached(final Side side)
    {
        return side.state() == SideState.NEVER_ATTACHED ? List.of() : List.of(side);
    }

    private static Side side(
        final UnsafeBuffer header,
        final int ownerOffset,
        final int startOffset,
        final int closedOffset,
        final int heartbeatOffset,
        final long position,
        final long messages,
        final long bytes)
    {
        final long owner = header.getLong(ownerOffset);
        return new Side(state(header, owner, startOffset, closedOffset), ProcessLiveness.pidOf(owner), position,
            messages, bytes, header.getLong(heartbeatOffset));
    }

    private static SideState state(final UnsafeBuffer header, final long owner, final int startOffset, final int closedOffset)
    {
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
