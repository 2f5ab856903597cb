package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_HEARTBEAT_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_OWNER_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_START_TIME_OFFSET;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.IpcsyncException;

/**
 * The consumer of an MPSC channel with lanes: it reads each lane (an SPSC ring that one producer
 * at a time writes, see {@link SpscRingProducer#onFreeLane}) in turn. Not thread-safe: one thread
 * at a time calls it, and one consumer at a time is attached to a channel.
 *
 * <p>Each producer's messages arrive in the order it sent them; messages of different producers
 * interleave. Each poll starts at the lane after the one the previous poll started at, so a busy
 * producer cannot starve the others: with every lane full, a poll of {@code limit} messages takes
 * them from one lane and the next poll from the next.
 *
 * <p>A producer that dies (even between claim and commit) holds up nobody: the other lanes flow
 * on at once, its committed messages stay readable, its uncommitted claim is never seen, and the
 * next producer to attach takes its lane over and continues after its last committed message.
 * Across a consumer crash, delivery is as in {@link SpscRingConsumer}.
 */
public final class MpscLaneConsumer implements AutoCloseable
{
    /** {@link #poll} status: the producers closed the channel and every message was read. */
    public static final int CLOSED = SpscRingConsumer.CLOSED;
    /** {@link #poll} status: no producer is alive, one died, and every message it committed was read. */
    public static final int PEER_DEAD = SpscRingConsumer.PEER_DEAD;

    private final ChannelFile file;
    private final SpscRingConsumer[] lanes;
    private int nextLane;
    private boolean closed;

    /**
     * Attaches as the consumer of every lane of an MPSC channel with lanes.
     *
     * @param file                  an open MPSC channel file with lanes; the consumer does not close it.
     * @param livenessIntervalNanos how often, at most, an empty lane checks whether its producer died.
     * @throws IllegalArgumentException if the file is not an MPSC channel with lanes.
     * @throws IpcsyncException if a live consumer is attached already.
     * @throws io.ipcsync.core.CorruptChannelException if the positions in a lane are impossible.
     */
    public MpscLaneConsumer(final ChannelFile file, final long livenessIntervalNanos)
    {
        final int laneCount = RingChecks.requireLanes(file).layout().lanes();
        this.file = file;
        this.lanes = new SpscRingConsumer[laneCount];
        final long[] tokens = new long[laneCount];
        try
        {
            for (int lane = 0; lane < laneCount; lane++)
            {
                tokens[lane] = Ownership.attach(file, file.laneState(lane), "consumer",
                    CONSUMER_OWNER_OFFSET, CONSUMER_START_TIME_OFFSET, CONSUMER_HEARTBEAT_OFFSET);
            }
            for (int lane = 0; lane < laneCount; lane++)
            {
                lanes[lane] = new SpscRingConsumer(file, lane, livenessIntervalNanos, tokens[lane]);
            }
        }
        catch (final RuntimeException ex)
        {
            for (int lane = 0; lane < laneCount; lane++)
            {
                if (tokens[lane] != 0)
                {
                    Ownership.detach(file.laneState(lane), CONSUMER_OWNER_OFFSET, tokens[lane]);
                }
            }
            throw ex;
        }
    }

    /**
     * Reads up to {@code limit} messages, lane after lane, handing each to the handler. If the
     * handler throws, the messages before it and the one it threw on count as read.
     *
     * @param handler receives each message.
     * @param limit   the most messages to read in this call.
     * @return how many messages were read; 0 when none are ready; {@link #CLOSED} or
     *         {@link #PEER_DEAD} when none are ready and none will come (until a producer attaches).
     * @throws io.ipcsync.core.CorruptChannelException if a record header is impossible.
     */
    public int poll(final RecordHandler handler, final int limit)
    {
        if (closed)
        {
            throw new ChannelClosedException(file.path() + ": this consumer was closed");
        }
        final SpscRingConsumer[] lanes = this.lanes;
        final int start = nextLane;
        nextLane = start + 1 == lanes.length ? 0 : start + 1;
        int lane = start;
        int count = 0;
        long closedLanes = 0;
        long deadLanes = 0;
        do
        {
            final int polled = lanes[lane].poll(handler, limit - count);
            if (polled > 0)
            {
                count += polled;
            }
            else if (polled == SpscRingConsumer.CLOSED)
            {
                closedLanes |= 1L << lane;
            }
            else if (polled == SpscRingConsumer.PEER_DEAD)
            {
                deadLanes |= 1L << lane;
            }
            lane = lane + 1 == lanes.length ? 0 : lane + 1;
        }
        while (lane != start && count < limit);
        return count > 0 ? count : emptyStatus(closedLanes, deadLanes);
    }

    /** Every lane was polled and none had a message: says whether any producer may still send. */
    private int emptyStatus(final long closedLanes, final long deadLanes)
    {
        if (closedLanes == 0 && deadLanes == 0)
        {
            return 0;
        }
        for (int lane = 0; lane < lanes.length; lane++)
        {
            final long bit = 1L << lane;
            if ((closedLanes & bit) == 0 && (deadLanes & bit) == 0 && !lanes[lane].neverHadProducer())
            {
                return 0; // a producer is attached and alive, or one attached since the lane was polled
            }
        }
        return deadLanes != 0 ? PEER_DEAD : CLOSED;
    }

    /**
     * Returns bytes of records committed and not yet read, in every lane (walks up to a KiB of
     * record headers per lane: for monitoring, not for the hot path).
     *
     * @return bytes of records committed and not yet read.
     */
    public long backlog()
    {
        long backlog = 0;
        for (final SpscRingConsumer lane : lanes)
        {
            backlog += lane.backlog();
        }
        return backlog;
    }

    /**
     * Returns true while any lane has a producer attached and alive (checks the process table now).
     *
     * @return true while any lane has a producer attached and alive.
     */
    public boolean isProducerAlive()
    {
        for (final SpscRingConsumer lane : lanes)
        {
            if (lane.isProducerAlive())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the number of lanes.
     *
     * @return the number of lanes.
     */
    public int lanes()
    {
        return lanes.length;
    }

    /**
     * Returns the file this consumer reads.
     *
     * @return the file this consumer reads.
     */
    public ChannelFile file()
    {
        return file;
    }

    /**
     * Detaches from every lane and tells the producers the channel is closed.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            for (final SpscRingConsumer lane : lanes)
            {
                lane.close();
            }
        }
    }
}
