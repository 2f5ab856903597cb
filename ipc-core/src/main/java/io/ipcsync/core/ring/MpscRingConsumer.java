package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.MpscRingDescriptor.CLAIMS_SKIPPED_OFFSET;
import static io.ipcsync.core.ring.MpscRingDescriptor.HEAD_POSITION_OFFSET;
import static io.ipcsync.core.ring.MpscRingDescriptor.READ_POSITION_OFFSET;
import static io.ipcsync.core.ring.MpscRingDescriptor.TAIL_POSITION_OFFSET;
import static io.ipcsync.core.ring.MpscRingDescriptor.header;
import static io.ipcsync.core.ring.MpscRingDescriptor.recordLength;
import static io.ipcsync.core.ring.MpscRingDescriptor.typeId;
import static io.ipcsync.core.ring.PartyTableDescriptor.BYTES_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.CLAIM_POSITION_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.MESSAGES_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.OWNER_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_PRODUCER;
import static io.ipcsync.core.ring.PartyTableDescriptor.SINGLE_SLOT;
import static io.ipcsync.core.ring.PartyTableDescriptor.SLOT_COUNT;
import static io.ipcsync.core.ring.PartyTableDescriptor.START_TIME_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.slotOffset;
import static io.ipcsync.core.ring.RecordDescriptor.ALIGNMENT;
import static io.ipcsync.core.ring.RecordDescriptor.HEADER_LENGTH;
import static io.ipcsync.core.ring.RecordDescriptor.PADDING_TYPE_ID;
import static io.ipcsync.core.ring.RecordDescriptor.align;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ProcessLiveness;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The consumer of an MPSC ring. Not thread-safe: one thread at a time calls it, and one consumer
 * at a time is attached to a channel. In an MPSC channel with lanes, {@link MpscLaneConsumer}
 * reads the overflow ring with one of these.
 *
 * <p>It reads committed records in ring order, so the messages of each producer arrive in the
 * order that producer committed them; a record claimed but not yet committed holds back the ones
 * after it. After each poll it zeroes the records it read and then publishes its position, so
 * every later claim starts from zeroed memory; a poll reads at most one ring, stopping before a
 * header that lies on what it read itself (not zeroed yet). Attaching continues at the position
 * the last consumer published: if a consumer dies in the middle of a poll, the next one gets that
 * poll's messages again (at-least-once across a consumer crash; exactly once otherwise).
 *
 * <p><b>Abandoned claims.</b> When the record at its position stays claimed but uncommitted (a
 * negative length, or a zero length while producers have claimed beyond it), the consumer finds
 * the claimant: the producer whose slot shows the greatest claim position not after it (every
 * claim position a slot shows is a record boundary, and a producer keeps it until its next claim).
 * Once it sees that no such claimant's process is alive, checked at most once per liveness
 * interval, it turns the claim into padding and goes on; if a claimant is alive, it does so after
 * the claim timeout, counted from when it first saw the claim stuck (its own pauses count for at
 * most a quarter of the timeout each). The length of a claim whose header was never written is the
 * distance to the next record boundary: the nearest claim position after it in any slot, the tail,
 * or the first non-zero header word after it (the claim's own bytes are still zero). See
 * {@link MpscRingProducer} for what a live producer stalled past the timeout risks.
 */
public final class MpscRingConsumer extends MpscRingConsumerFields implements AutoCloseable
{
    /** {@link #poll} status: the producers closed the channel and every message was read. */
    public static final int CLOSED = -1;
    /** {@link #poll} status: no producer is alive, one died, and every message committed was read. */
    public static final int PEER_DEAD = -2;

    // 128 bytes of padding after the inherited hot fields (see LeftPadding)
    long r00, s00;
    long r01, s01;
    long r02, s02;
    long r03, s03;
    long r04, s04;
    long r05, s05;
    long r06, s06;
    long r07, s07;

    /**
     * Attaches as the consumer of an MPSC channel file's shared ring (with lanes: its overflow ring
     * only; {@link MpscLaneConsumer} reads the lanes and that ring).
     *
     * @param file                  an open MPSC channel file; the consumer does not close it.
     * @param livenessIntervalNanos how often, at most, it checks whether producers died.
     * @param claimTimeoutNanos     how long a live producer's claim may stay uncommitted before it is skipped.
     * @throws IllegalArgumentException if the file is not an MPSC channel, or a duration is negative.
     * @throws io.ipcsync.core.IpcsyncException if a live consumer is attached already.
     * @throws io.ipcsync.core.CorruptChannelException if the positions in the file are impossible.
     */
    public MpscRingConsumer(final ChannelFile file, final long livenessIntervalNanos, final long claimTimeoutNanos)
    {
        super(file, livenessIntervalNanos, claimTimeoutNanos);
    }

    /**
     * Reads up to {@code limit} messages, handing each to the handler in ring order.
     * If the handler throws, the messages before it and the one it threw on count as read.
     *
     * @param handler receives each message.
     * @param limit   the most messages to read in this call.
     * @return how many messages were read; 0 when none are ready; {@link #CLOSED} or
     *         {@link #PEER_DEAD} when none are ready and none will come.
     * @throws io.ipcsync.core.CorruptChannelException if a record header is impossible.
     */
    public int poll(final RecordHandler handler, final int limit)
    {
        if (closed)
        {
            throw closedConsumer();
        }
        final AtomicBuffer ring = this.ring;
        final long ringAddress = this.ringAddress;
        final int mask = this.mask;
        final int capacity = this.capacity;
        final int maxRecordLength = this.maxRecordLength;
        final long start = head;
        // The records this poll reads are zeroed when it ends, so a header word a whole ring after
        // them would be read back as the next lap's: stop before it (a full ring is read to its end).
        final long lastHeader = start + capacity - HEADER_LENGTH;
        long position = start;
        int count = 0;
        long bytes = 0;
        try
        {
            while (count < limit && position - lastHeader <= 0)
            {
                final int recordIndex = (int)position & mask;
                final long header = UnsafeApi.getLongVolatile(null, ringAddress + recordIndex);
                final int recordLength = recordLength(header);
                if (recordLength <= 0)
                {
                    break;
                }
                final int typeId = typeId(header);
                final int alignedLength = align(recordLength);
                if (typeId < 0 || recordLength < HEADER_LENGTH || recordLength > maxRecordLength ||
                    recordIndex + alignedLength > capacity)
                {
                    // padding, or a corrupt header (which throws)
                    position += checkedPaddingLength(recordIndex, recordLength, typeId, position);
                    continue;
                }
                position += alignedLength;
                count++;
                bytes += recordLength - HEADER_LENGTH;
                handler.onMessage(typeId, ring, recordIndex + HEADER_LENGTH, recordLength - HEADER_LENGTH);
            }
        }
        finally
        {
            if (position != start)
            {
                release(start, position, count, bytes);
            }
        }
        return count > 0 ? count : emptyStatus();
    }

    /**
     * Skips the uncommitted claim at the consumer's position now if no claimant of it is alive,
     * without waiting for the liveness interval; {@link #poll} does the same by itself. For tools
     * and operators.
     *
     * @return true if a claim was turned into padding.
     * @throws io.ipcsync.core.CorruptChannelException if the claim's header or the positions are impossible.
     */
    public boolean unblock()
    {
        if (closed)
        {
            throw closedConsumer();
        }
        return skipAbandoned(false);
    }

    /** Built apart, so that {@link #poll} compiles small (see {@link RingAccess}). */
    private ChannelClosedException closedConsumer()
    {
        return new ChannelClosedException(file.path() + ": this consumer was closed");
    }

    /**
     * Returns the number of abandoned claims consumers of this channel skipped.
     *
     * @return the number of abandoned claims consumers of this channel skipped.
     */
    public long claimsSkipped()
    {
        return claimsSkipped;
    }

    /**
     * Returns the number of bytes producers have claimed and this consumer has not read.
     *
     * @return the number of bytes producers have claimed and this consumer has not read.
     */
    public long backlog()
    {
        return Math.max(0, state.getLongVolatile(TAIL_POSITION_OFFSET) - head);
    }

    /**
     * Returns true while at least one producer is attached and alive (checks the process table now).
     *
     * @return true while at least one producer is attached and alive (checks the process table now).
     */
    public boolean isProducerAlive()
    {
        return producerWatch.check() == PartyWatch.ALIVE;
    }

    /**
     * Returns true if a producer holds a party slot now, alive or dead (no process check).
     *
     * @return true if a producer holds a party slot now.
     */
    boolean isProducerAttached()
    {
        return producerWatch.anyAttached();
    }

    /**
     * Returns true when nothing past the head is committed or claimed (the header there is zero and
     * the tail has not moved past it), read in that order.
     *
     * @return true when nothing past the head is committed or claimed.
     */
    boolean nothingReady()
    {
        return UnsafeApi.getLongVolatile(null, ringAddress + ((int)head & mask)) == 0 &&
            state.getLongVolatile(TAIL_POSITION_OFFSET) == head;
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
     * Marks the channel closed by the consumer and gives up the consumer slot; each producer's
     * next call fails with {@link ChannelClosedException}.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            party.close();
        }
    }

    private int checkedPaddingLength(final int recordIndex, final int recordLength, final int typeId, final long position)
    {
        final int toEnd = capacity - recordIndex;
        if (typeId == PADDING_TYPE_ID)
        {
            if (recordLength < HEADER_LENGTH || align(recordLength) > toEnd)
            {
                throw RingChecks.corrupt(file, position, "padding record length " + recordLength + " is not from " +
                    HEADER_LENGTH + " to the end of the ring (" + toEnd + ")");
            }
            return align(recordLength);
        }
        if (typeId < 0)
        {
            throw RingChecks.corrupt(file, position, "record type " + typeId + " is negative");
        }
        throw RingChecks.corrupt(file, position, "record length " + recordLength + " is outside " + HEADER_LENGTH + ".." +
            maxRecordLength + " or runs past the end of the ring");
    }

    /**
     * Publishes how far it read, zeroes that, so later claims start from zeroed memory, then publishes
     * the head (see {@link MpscRingDescriptor} for what a consumer killed in between leaves).
     */
    private void release(final long start, final long position, final int count, final long bytes)
    {
        final long stateAddress = this.stateAddress;
        UnsafeApi.putLongRelease(null, stateAddress + READ_POSITION_OFFSET, position);
        RingZeroing.zero(ringAddress, capacity, start, position);
        head = position;
        UnsafeApi.putLongRelease(null, stateAddress + HEAD_POSITION_OFFSET, position);
        if (count > 0)
        {
            UnsafeApi.putLong(null, stateAddress + party.offset() + MESSAGES_FIELD, messagesReceived += count);
            UnsafeApi.putLong(null, stateAddress + party.offset() + BYTES_FIELD, bytesReceived += bytes);
        }
    }

    private int emptyStatus()
    {
        final long header = UnsafeApi.getLongVolatile(null, ringAddress + ((int)head & mask));
        if (recordLength(header) < 0)
        {
            waitOrSkip();
            return 0;
        }
        if (recordLength(header) > 0 ||
            ((++watchCalls & (PeerWatch.CALLS_BETWEEN_CLOCK_READS - 1)) != 0 && stuckPosition != head))
        {
            return 0;
        }
        // the status first, then the tail: a producer claims and commits before it closes
        final int producerStatus = producerWatch.poll(party);
        final long tail = state.getLongVolatile(TAIL_POSITION_OFFSET);
        RingChecks.checkPositions(file, head, tail);
        if (tail != head)
        {
            // claimed beyond a header that is still zero: a claimant between its CAS and its header store
            waitOrSkip();
            return 0;
        }
        stuckPosition = -1;
        return producerStatus == PartyWatch.CLOSED ? CLOSED : producerStatus == PartyWatch.DEAD ? PEER_DEAD : 0;
    }

    /**
     * Called while the record at the head is claimed but not committed: usually for nanoseconds, so
     * this only notes the time until the claim has been stuck for a liveness interval.
     */
    private void waitOrSkip()
    {
        final long now = System.nanoTime();
        if (stuckPosition != head)
        {
            stuckPosition = head;
            stuckForNanos = 0;
            stuckLastSeenNanos = now;
            nextStuckCheckNanos = now + Math.min(livenessIntervalNanos, claimTimeoutNanos);
            return;
        }
        stuckForNanos += Math.min(now - stuckLastSeenNanos, maxStuckStepNanos);
        stuckLastSeenNanos = now;
        if (now - nextStuckCheckNanos >= 0)
        {
            nextStuckCheckNanos = now + livenessIntervalNanos;
            skipAbandoned(stuckForNanos >= claimTimeoutNanos);
        }
    }

    /**
     * Turns the claim at the head into padding if it is still uncommitted and no claimant of it is
     * alive, or if {@code timedOut}.
     */
    private boolean skipAbandoned(final boolean timedOut)
    {
        final long position = head;
        final int recordIndex = (int)position & mask;
        final long header = ring.getLongVolatile(recordIndex);
        final int recordLength = recordLength(header);
        if (recordLength > 0)
        {
            return false;
        }
        final long tail = state.getLongVolatile(TAIL_POSITION_OFFSET);
        RingChecks.checkPositions(file, position, tail);
        if (recordLength == 0 && tail == position)
        {
            return false;
        }

        long claimStart = Long.MIN_VALUE;
        boolean claimantAlive = false;
        long nextBoundary = tail;
        for (int slot = SINGLE_SLOT + 1; slot < SLOT_COUNT; slot++)
        {
            final int offset = slotOffset(slot);
            if (state.getIntVolatile(offset + ROLE_FIELD) != ROLE_PRODUCER)
            {
                continue;
            }
            final long claim = state.getLongVolatile(offset + CLAIM_POSITION_FIELD);
            if (MpscRingDescriptor.isRevoked(claim))
            {
                continue; // a claim skipped before: its producer will not commit it
            }
            if (claim > position)
            {
                nextBoundary = Math.min(nextBoundary, claim);
                continue;
            }
            final long owner = state.getLongVolatile(offset + OWNER_FIELD);
            final boolean alive = owner != 0 &&
                ProcessLiveness.isAlive(ProcessLiveness.pidOf(owner), state.getLongVolatile(offset + START_TIME_FIELD));
            if (claim > claimStart)
            {
                claimStart = claim;
                claimantAlive = alive;
            }
            else if (claim == claimStart)
            {
                // a producer whose CAS failed shows the same boundary: either may be the claimant
                claimantAlive |= alive;
            }
        }
        if (claimantAlive && !timedOut)
        {
            return false;
        }
        // revoked even when its owner looks dead: a process in another pid namespace only looks so
        revoke(claimStart);

        final int toEnd = capacity - recordIndex;
        final int skipLength;
        if (recordLength < 0)
        {
            final int claimedLength = -recordLength;
            if (claimedLength < HEADER_LENGTH || claimedLength > maxRecordLength || align(claimedLength) > toEnd)
            {
                throw RingChecks.corrupt(file, position, "claimed record length " + claimedLength + " is outside " +
                    HEADER_LENGTH + ".." + maxRecordLength + " or runs past the end of the ring");
            }
            skipLength = claimedLength; // the length word a late commit would store: it then changes nothing
        }
        else
        {
            skipLength = unwrittenClaimLength(recordIndex, (int)Math.min(nextBoundary - position, toEnd), position);
        }
        if (!ring.compareAndSetLong(recordIndex, header, header(skipLength, PADDING_TYPE_ID)))
        {
            return false; // the claimant wrote or committed meanwhile: look again on the next poll
        }
        stuckPosition = -1;
        state.putLong(CLAIMS_SKIPPED_OFFSET, ++claimsSkipped);
        return true;
    }

    /**
     * Marks the claim position {@code claimStart} revoked in every producer slot that shows it, so
     * that the claimant, whichever it is, refuses to commit should it be alive (see {@link MpscRingProducer}).
     * A slot that moved on meanwhile belonged to a producer whose own claim CAS had failed.
     */
    private void revoke(final long claimStart)
    {
        if (claimStart == Long.MIN_VALUE)
        {
            return; // no slot shows a claim at or before the head
        }
        for (int slot = SINGLE_SLOT + 1; slot < SLOT_COUNT; slot++)
        {
            final int offset = slotOffset(slot);
            if (state.getIntVolatile(offset + ROLE_FIELD) == ROLE_PRODUCER)
            {
                state.compareAndSetLong(offset + CLAIM_POSITION_FIELD, claimStart, MpscRingDescriptor.revoked(claimStart));
            }
        }
    }

    /**
     * Returns the length of a claim whose header was never written: up to the first non-zero word at
     * an aligned index (the next record's header; the claim's own bytes are still zero), at most
     * {@code limit}.
     */
    private int unwrittenClaimLength(final int recordIndex, final int limit, final long position)
    {
        if (limit < ALIGNMENT || (limit & (ALIGNMENT - 1)) != 0)
        {
            throw RingChecks.corrupt(file, position, "the next record boundary is " + limit + " bytes after an " +
                "unwritten claim, not a positive multiple of " + ALIGNMENT);
        }
        for (int offset = ALIGNMENT; offset < limit; offset += ALIGNMENT)
        {
            if (ring.getLongVolatile(recordIndex + offset) != 0)
            {
                return offset;
            }
        }
        return limit;
    }
}
