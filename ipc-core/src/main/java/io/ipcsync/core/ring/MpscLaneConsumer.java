package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_HEARTBEAT_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_OWNER_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_START_TIME_OFFSET;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.IpcsyncException;

/**
 * The consumer of an MPSC channel with lanes: it reads each lane (an SPSC ring that one producer
 * at a time writes, see {@link SpscRingProducer#onFreeLane}) and the overflow ring (an MPSC ring
 * that the producers beyond the lanes share, see {@link MpscRingProducer}) in turn. Not
 * thread-safe: one thread at a time calls it, and one consumer at a time is attached to a channel.
 *
 * <p>Each producer's messages arrive in the order it sent them; messages of different producers
 * interleave. Each poll starts at the ring after the one the previous poll started at, so a busy
 * producer cannot starve the others: with every ring full, a poll of {@code limit} messages takes
 * them from one ring and the next poll from the next.
 *
 * <p>A lane's producer that dies (even between claim and commit) holds up nobody: the other rings
 * flow on at once, its committed messages stay readable, its uncommitted claim is never seen, and
 * the next producer to attach takes its lane over and continues after its last committed
 * message. A claim left open in the overflow ring holds up that ring only, until it is skipped as
 * {@link MpscRingConsumer} describes (at once when its producer died, after the claim timeout if it
 * is alive). Across a consumer crash, delivery is as in {@link SpscRingConsumer} and
 * {@link MpscRingConsumer}.
 */
public final class MpscLaneConsumer implements AutoCloseable
{
    /** {@link #poll} status: the producers closed the channel and every message was read. */
    public static final int CLOSED = SpscRingConsumer.CLOSED;
    /** {@link #poll} status: no producer is alive, one died, and every message it committed was read. */
    public static final int PEER_DEAD = SpscRingConsumer.PEER_DEAD;

    private final ChannelFile file;
    private final SpscRingConsumer[] lanes;
    private final MpscRingConsumer overflow;
    private int nextRing;
    private boolean closed;

    /**
     * Attaches as the consumer of every lane and of the overflow ring of an MPSC channel with lanes.
     *
     * @param file                  an open MPSC channel file with lanes; the consumer does not close it.
     * @param livenessIntervalNanos how often, at most, an empty ring checks whether its producers died.
     * @param claimTimeoutNanos     how long a live producer's claim in the overflow ring may stay
     *                              uncommitted before it is skipped.
     * @throws IllegalArgumentException if the file is not an MPSC channel with lanes, or a duration is negative.
     * @throws IpcsyncException if a live consumer is attached already.
     * @throws io.ipcsync.core.CorruptChannelException if the positions in a ring are impossible.
     */
    public MpscLaneConsumer(final ChannelFile file, final long livenessIntervalNanos, final long claimTimeoutNanos)
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
            this.overflow = new MpscRingConsumer(file, livenessIntervalNanos, claimTimeoutNanos);
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
     * Reads up to {@code limit} messages, ring after ring (the lanes, then the overflow ring),
     * handing each to the handler. If the handler throws, the messages before it and the one it
     * threw on count as read.
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
        final int overflowRing = lanes.length;
        final int start = nextRing;
        nextRing = start == overflowRing ? 0 : start + 1;
        int ring = start;
        int count = 0;
        long closedLanes = 0;
        long deadLanes = 0;
        int overflowStatus = 0;
        do
        {
            if (ring == overflowRing)
            {
                final int polled = overflow.poll(handler, limit - count);
                if (polled > 0)
                {
                    count += polled;
                }
                else
                {
                    overflowStatus = polled;
                }
                ring = 0;
            }
            else
            {
                final int polled = lanes[ring].poll(handler, limit - count);
                if (polled > 0)
                {
                    count += polled;
                }
                else if (polled == CLOSED)
                {
                    closedLanes |= 1L << ring;
                }
                else if (polled == PEER_DEAD)
                {
                    deadLanes |= 1L << ring;
                }
                ring++;
            }
        }
        while (ring != start && count < limit);
        return count > 0 ? count : emptyStatus(closedLanes, deadLanes, overflowStatus);
    }

    /** Every ring was polled and none had a message: says whether any producer may still send. */
    private int emptyStatus(final long closedLanes, final long deadLanes, final int overflowStatus)
    {
        if (closedLanes == 0 && deadLanes == 0 && overflowStatus == 0)
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
        if (overflowStatus == 0 && overflow.isProducerAttached())
        {
            return 0;
        }
        // Each ring was found empty when it was polled, its producer closed, dead or never there,
        // and the overflow ring's producers gone since. A producer may have committed between the
        // two (the overflow ring's last one, before it closed) or taken a lane over since: look at
        // every ring again, after those checks, so that the end is reported only once all is read.
        for (final SpscRingConsumer lane : lanes)
        {
            if (!lane.nothingReady())
            {
                return 0;
            }
        }
        if (!overflow.nothingReady())
        {
            return 0;
        }
        return deadLanes != 0 || overflowStatus == PEER_DEAD ? PEER_DEAD : CLOSED;
    }

    /**
     * Returns bytes of records committed and not yet read, in every lane and the overflow ring
     * (walks up to a KiB of record headers per lane: for monitoring, not for the hot path).
     *
     * @return bytes of records committed and not yet read.
     */
    public long backlog()
    {
        long backlog = overflow.backlog();
        for (final SpscRingConsumer lane : lanes)
        {
            backlog += lane.backlog();
        }
        return backlog;
    }

    /**
     * Returns true while any lane or the overflow ring has a producer attached and alive (checks
     * the process table now).
     *
     * @return true while any producer is attached and alive.
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
        return overflow.isProducerAlive();
    }

    /**
     * Skips an uncommitted claim at the head of the overflow ring now if no claimant of it is
     * alive (see {@link MpscRingConsumer#unblock}); the lanes never need it.
     *
     * @return true if a claim was turned into padding.
     * @throws io.ipcsync.core.CorruptChannelException if the claim's header or the positions are impossible.
     */
    public boolean unblock()
    {
        if (closed)
        {
            throw new ChannelClosedException(file.path() + ": this consumer was closed");
        }
        return overflow.unblock();
    }

    /**
     * Returns the number of abandoned claims consumers of this channel skipped in the overflow ring.
     *
     * @return the number of abandoned claims skipped.
     */
    public long claimsSkipped()
    {
        return overflow.claimsSkipped();
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
     * Detaches from every ring and tells the producers the channel is closed.
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
            overflow.close();
        }
    }
}
