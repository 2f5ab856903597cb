package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.RecordDescriptor.CACHE_LINE_LENGTH;
import static io.ipcsync.core.ring.RecordDescriptor.HEADER_LENGTH;
import static io.ipcsync.core.ring.RecordDescriptor.PADDING_TYPE_ID;
import static io.ipcsync.core.ring.RecordDescriptor.align;
import static io.ipcsync.core.ring.RecordDescriptor.typeOffset;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_CLOSED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_CLEARED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.FULL_EVENTS_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_CLOSED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_HEARTBEAT_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_OWNER_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_START_TIME_OFFSET;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.PeerDeadException;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The producer side of an SPSC ring. Not thread-safe: one thread at a time calls it.
 *
 * <p>Attaching takes the producer side of the file (failing if a live producer holds it) and
 * continues after the last record any earlier producer committed, so a producer that restarts
 * after a crash neither loses nor repeats a committed record. A record claimed but never
 * committed by a producer that died is zeroed when the next producer attaches, then overwritten.
 *
 * <p>It also writes one lane of an MPSC channel with lanes ({@link #onFreeLane}): the lane is an
 * SPSC ring of its own, which the channel's {@link MpscLaneConsumer} reads.
 */
public final class SpscRingProducer extends SpscRingProducerFields implements AutoCloseable
{
    /** {@link #tryClaim} found no room: the consumer is behind. */
    public static final int INSUFFICIENT_CAPACITY = -2;

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
     * Attaches as the producer of an SPSC channel file.
     *
     * @param file                  an open SPSC channel file; the producer does not close it.
     * @param livenessIntervalNanos how often, at most, a full ring checks whether the consumer died.
     * @throws io.ipcsync.core.IpcsyncException if a live producer is attached already.
     * @throws io.ipcsync.core.CorruptChannelException if the positions in the file are impossible.
     */
    public SpscRingProducer(final ChannelFile file, final long livenessIntervalNanos)
    {
        super(file, livenessIntervalNanos);
    }

    private SpscRingProducer(final ChannelFile file, final int lane, final long livenessIntervalNanos, final long ownerToken)
    {
        super(file, file.laneState(lane), file.laneRing(lane), livenessIntervalNanos, ownerToken);
    }

    /**
     * Attaches as the producer of the first lane of an MPSC channel with lanes that no live
     * producer holds. The lane continues after the last record an earlier producer of it
     * committed; a claim that producer left uncommitted is zeroed and overwritten.
     *
     * @param file                  an open MPSC channel file with lanes; the producer does not close it.
     * @param livenessIntervalNanos how often, at most, a full lane checks whether the consumer died.
     * @return a producer of one lane, until {@link #close()} frees the lane; null if a live
     *         producer holds every lane (an {@link MpscRingProducer} on the same file then writes
     *         the overflow ring).
     * @throws IllegalArgumentException if the file is not an MPSC channel with lanes.
     * @throws io.ipcsync.core.CorruptChannelException if the positions in the lane are impossible.
     */
    public static SpscRingProducer onFreeLane(final ChannelFile file, final long livenessIntervalNanos)
    {
        final int lanes = RingChecks.requireLanes(file).layout().lanes();
        for (int lane = 0; lane < lanes; lane++)
        {
            final AtomicBuffer state = file.laneState(lane);
            final long token = Ownership.tryAttach(
                state, PRODUCER_OWNER_OFFSET, PRODUCER_START_TIME_OFFSET, PRODUCER_HEARTBEAT_OFFSET);
            if (token != 0)
            {
                try
                {
                    return new SpscRingProducer(file, lane, livenessIntervalNanos, token);
                }
                catch (final RuntimeException ex)
                {
                    Ownership.detach(state, PRODUCER_OWNER_OFFSET, token);
                    throw ex;
                }
            }
        }
        return null;
    }

    /**
     * Copies a message into the ring.
     *
     * @param typeId message type, zero or positive.
     * @param source the bytes.
     * @param offset where they start in the source.
     * @param length how many, up to the channel's max message length.
     * @return true when written; false when the ring is full.
     * @throws ChannelClosedException if the consumer closed the channel ({@link PeerDeadException} if it died).
     */
    public boolean offer(final int typeId, final DirectBuffer source, final int offset, final int length)
    {
        checkMessage(typeId, length);
        MessageCopy.checkSource(source, offset, length);
        final int recordLength = length + HEADER_LENGTH;
        final int recordIndex = claimSpace(recordLength);
        if (recordIndex < 0)
        {
            return false;
        }
        MessageCopy.copy(ring, recordIndex + HEADER_LENGTH, source, offset, length);
        UnsafeApi.putInt(null, ringAddress + typeOffset(recordIndex), typeId);
        publish(recordIndex, recordLength, length);
        return true;
    }

    /**
     * Writes an 8-byte message holding one {@code long}, without a source buffer.
     *
     * @param typeId message type, zero or positive.
     * @param value  the message.
     * @return true when written; false when the ring is full.
     * @throws ChannelClosedException if the consumer closed the channel ({@link PeerDeadException} if it died).
     */
    public boolean offerLong(final int typeId, final long value)
    {
        checkMessage(typeId, Long.BYTES);
        final int recordLength = Long.BYTES + HEADER_LENGTH;
        final int recordIndex = claimSpace(recordLength);
        if (recordIndex < 0)
        {
            return false;
        }
        UnsafeApi.putLong(null, ringAddress + recordIndex + HEADER_LENGTH, value);
        UnsafeApi.putInt(null, ringAddress + typeOffset(recordIndex), typeId);
        publish(recordIndex, recordLength, Long.BYTES);
        return true;
    }

    /**
     * Claims room for a message to be written in place into {@link #buffer()}.
     *
     * @param typeId message type, zero or positive.
     * @param length the message length, up to the channel's max message length.
     * @return the index in {@link #buffer()} where the message goes, or {@link #INSUFFICIENT_CAPACITY}.
     * @throws IllegalStateException if an earlier claim was neither committed nor aborted.
     * @throws ChannelClosedException if the consumer closed the channel ({@link PeerDeadException} if it died).
     */
    public int tryClaim(final int typeId, final int length)
    {
        checkMessage(typeId, length);
        if (claimedRecordIndex >= 0)
        {
            throw new IllegalStateException(file.path() + ": the previous claim was neither committed nor aborted");
        }
        final int recordLength = length + HEADER_LENGTH;
        final int recordIndex = claimSpace(recordLength);
        if (recordIndex < 0)
        {
            return INSUFFICIENT_CAPACITY;
        }
        UnsafeApi.putInt(null, ringAddress + typeOffset(recordIndex), typeId);
        claimedRecordIndex = recordIndex;
        claimedRecordLength = recordLength;
        return recordIndex + HEADER_LENGTH;
    }

    /**
     * Publishes the claimed message.
     *
     * @param index the index {@link #tryClaim} returned.
     * @throws IllegalStateException if there is no claim at that index.
     */
    public void commit(final int index)
    {
        final int recordIndex = checkClaim(index);
        claimedRecordIndex = -1;
        publish(recordIndex, claimedRecordLength, claimedRecordLength - HEADER_LENGTH);
    }

    /**
     * Gives the claimed space back; the consumer never sees it.
     *
     * @param index the index {@link #tryClaim} returned.
     * @throws IllegalStateException if there is no claim at that index.
     */
    public void abort(final int index)
    {
        checkClaim(index);
        claimedRecordIndex = -1;
        // what was written into the claim must not look like a record behind the next, shorter one
        RingZeroing.zero(ringAddress, capacity, tail, tail + align(claimedRecordLength));
    }

    /**
     * Returns the ring, for writing a claimed message at the index {@link #tryClaim} returned.
     *
     * @return the ring, for writing a claimed message at the index {@link #tryClaim} returned.
     */
    public AtomicBuffer buffer()
    {
        return ring;
    }

    /**
     * Returns the largest message this channel takes.
     *
     * @return the largest message this channel takes.
     */
    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    /**
     * Returns the file this producer writes.
     *
     * @return the file this producer writes.
     */
    public ChannelFile file()
    {
        return file;
    }

    /**
     * Returns true while a consumer is attached and alive (checks the process table now).
     *
     * @return true while a consumer is attached and alive (checks the process table now).
     */
    public boolean isConsumerAlive()
    {
        return consumerWatch.check() == PeerWatch.ALIVE;
    }

    /**
     * Marks the channel closed by the producer and gives up the producer side. The consumer
     * drains what was committed, then sees the channel closed. An uncommitted claim is dropped.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            claimedRecordIndex = -1;
            announce();
            state.putIntRelease(PRODUCER_CLOSED_OFFSET, 1);
            Ownership.detach(state, PRODUCER_OWNER_OFFSET, ownerToken);
        }
    }

    private void checkMessage(final int typeId, final int length)
    {
        if (ProducerChecks.refuses(closed, typeId, length, maxMessageLength) ||
            UnsafeApi.getIntVolatile(null, stateAddress + CONSUMER_CLOSED_OFFSET) != 0)
        {
            throw ProducerChecks.refusalOrConsumerClosed(file, closed, typeId, length, maxMessageLength);
        }
    }

    private int checkClaim(final int index)
    {
        final int recordIndex = index - HEADER_LENGTH;
        if (claimedRecordIndex < 0 || recordIndex != claimedRecordIndex)
        {
            throw new IllegalStateException(file.path() + ": no claim at index " + index +
                (claimedRecordIndex < 0 ? " (nothing is claimed)" : " (the claim is at " +
                (claimedRecordIndex + HEADER_LENGTH) + ")"));
        }
        return recordIndex;
    }

    /**
     * Makes room for a record, writing a padding record first when it would not fit before the
     * end of the ring. Room includes the length word after the record, zero already (see RingZeroing).
     */
    private int claimSpace(final int recordLength)
    {
        final int alignedLength = align(recordLength);
        final long tail = this.tail;
        final int recordIndex = (int)tail & mask;
        final int toEnd = capacity - recordIndex;
        final int padding = alignedLength > toEnd ? toEnd : 0;
        final long limit = tail + padding + alignedLength + HEADER_LENGTH - capacity;
        if (limit > headCache && !refreshHead(limit))
        {
            return -1;
        }
        if (padding != 0)
        {
            UnsafeApi.putLong(null, ringAddress, 0L);
            UnsafeApi.putInt(null, ringAddress + typeOffset(recordIndex), PADDING_TYPE_ID);
            UnsafeApi.putIntRelease(null, ringAddress + recordIndex, padding);
            this.tail = tail + padding;
            return 0;
        }
        return recordIndex;
    }

    private boolean refreshHead(final long limit)
    {
        headCache = state.getLongVolatile(CONSUMER_CLEARED_OFFSET);
        if (limit <= headCache)
        {
            return true;
        }
        if (announcedTail != tail)
        {
            announce();
        }
        state.putLong(FULL_EVENTS_OFFSET, ++fullEvents);
        final int consumerStatus = (++watchCalls & (PeerWatch.CALLS_BETWEEN_CLOCK_READS - 1)) == 0 ?
            consumerWatch.poll(PRODUCER_HEARTBEAT_OFFSET) : consumerWatch.lastStatus();
        if (consumerStatus == PeerWatch.DEAD)
        {
            throw new PeerDeadException(file.path() + ": the consumer (pid " + consumerWatch.lastPid() +
                ") died without closing the channel", consumerWatch.lastPid());
        }
        return false;
    }

    /**
     * Publishes the record, then, if a record of this length (a cache line or less) would straddle
     * two lines where the next one goes, pads to the next line and stores a zero (what is there
     * already) into the length word that starts it, so that this core owns that line before the
     * consumer comes to spin on it.
     *
     * <p>Why: a record that straddles two lines costs the consumer a second hand-off after it sees
     * the header, and a record written into a line this core does not own costs the fetch of that
     * line first. Round trips of 32-byte messages (40-byte records, half of which straddled), in
     * alternating runs against Agrona's ring, which lays records out as this ring did
     * (docs/performance/2026-12-04-rtt-line-padding): p50 / p90 / p99 went from 592–651 /
     * 722–792 / 821–921 ns to 561–612 / 631–661 / 702–751, against Agrona's 591–632 / 732–791 /
     * 812–993, lower at each in ten cycles of ten. Padding alone moved p90 and p99 but raised p50
     * (every record in a line of its own); the store into the next line brought p50 down again. The
     * same store after every record that ends a line cost 8-byte throughput in one placement (about
     * 170-200 to 66 M msgs/s), so only padded records make it. Records of 8-byte messages (16 bytes)
     * never straddle and are not padded; records longer than a line are not padded either.
     */
    private void publish(final int recordIndex, final int recordLength, final int messageLength)
    {
        final int alignedLength = align(recordLength);
        // the length word after the record is zero already: see RingZeroing
        UnsafeApi.putIntRelease(null, ringAddress + recordIndex, recordLength);
        long tail = this.tail + alignedLength;
        if (alignedLength <= CACHE_LINE_LENGTH)
        {
            final int lineRest = (int)-tail & (CACHE_LINE_LENGTH - 1);
            if (lineRest != 0 && lineRest < alignedLength && tail + lineRest + HEADER_LENGTH - capacity <= headCache)
            {
                final int paddingIndex = (int)tail & mask;
                UnsafeApi.putInt(null, ringAddress + typeOffset(paddingIndex), PADDING_TYPE_ID);
                UnsafeApi.putIntRelease(null, ringAddress + paddingIndex, lineRest);
                tail += lineRest;
                // the length word there is zero and within the room just checked
                UnsafeApi.putInt(null, ringAddress + ((int)tail & mask), 0);
            }
        }
        this.tail = tail;
        messagesSent++;
        bytesSent += messageLength;
        if (tail - announcedTail >= announceInterval)
        {
            announce();
        }
    }
}
