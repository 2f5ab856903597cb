package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.RecordDescriptor.HEADER_LENGTH;
import static io.ipcsync.core.ring.RecordDescriptor.typeOffset;
import static io.ipcsync.core.ring.SpscRingDescriptor.BYTES_RECEIVED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_CLOSED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_HEARTBEAT_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_OWNER_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_POSITION_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.MESSAGES_RECEIVED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_CLOSED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_OWNER_OFFSET;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The consumer side of an SPSC ring. Not thread-safe: one thread at a time calls it.
 *
 * <p>Attaching takes the consumer side of the file and continues at the position the last
 * consumer published. A consumer publishes its position after each {@link #poll}, so if it dies
 * in the middle of a poll, the next consumer gets that poll's messages again (at-least-once
 * across a consumer crash; exactly once otherwise).
 */
public final class SpscRingConsumer extends SpscRingConsumerFields implements AutoCloseable
{
    /** {@link #poll} status: the producer closed the channel and every message was read. */
    public static final int CLOSED = -1;
    /** {@link #poll} status: the producer died and every message it committed was read. */
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
     * Attaches as the consumer of an SPSC channel file.
     *
     * @param file                  an open SPSC channel file; the consumer does not close it.
     * @param livenessIntervalNanos how often, at most, an empty ring checks whether the producer died.
     * @throws io.ipcsync.core.IpcsyncException if a live consumer is attached already.
     * @throws io.ipcsync.core.CorruptChannelException if the positions in the file are impossible.
     */
    public SpscRingConsumer(final ChannelFile file, final long livenessIntervalNanos)
    {
        super(file, livenessIntervalNanos);
    }

    /** Attaches to a lane of an MPSC channel with lanes, whose consumer side the caller has taken. */
    SpscRingConsumer(final ChannelFile file, final int lane, final long livenessIntervalNanos, final long ownerToken)
    {
        super(file, file.laneState(lane), file.laneRing(lane), livenessIntervalNanos, ownerToken);
    }

    /**
     * Reads up to {@code limit} messages, handing each to the handler in order.
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
            throw new ChannelClosedException(file.path() + ": this consumer was closed");
        }
        final AtomicBuffer ring = this.ring;
        final long ringAddress = this.ringAddress;
        final int mask = this.mask;
        final int capacity = this.capacity;
        final int maxRecordLength = this.maxRecordLength;
        final long start = head;
        long position = start;
        int count = 0;
        int bytes = 0;
        try
        {
            while (count < limit)
            {
                final int recordIndex = (int)position & mask;
                final int recordLength = UnsafeApi.getIntAcquire(null, ringAddress + recordIndex);
                if (recordLength == 0)
                {
                    break;
                }
                final int typeId = UnsafeApi.getInt(null, ringAddress + typeOffset(recordIndex));
                final int alignedLength = RecordDescriptor.align(recordLength);
                if (typeId < 0 || recordLength < HEADER_LENGTH || recordLength > maxRecordLength ||
                    recordIndex + alignedLength > capacity)
                {
                    // padding to the end of a cache line or of the ring, or a corrupt header (which throws)
                    position += RingChecks.checkedAlignedLength(file, ring, recordIndex, recordLength, typeId, position);
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
                consumed(position, count, bytes);
            }
        }
        return count > 0 ? count : emptyStatus();
    }

    /**
     * Publishes a poll's progress: the position, the counters, and the zeroing of what was read.
     * Apart from {@link #poll} so that poll stays small enough for C2 to inline into its caller.
     */
    private void consumed(final long position, final int count, final int bytes)
    {
        head = position;
        final long stateAddress = this.stateAddress;
        UnsafeApi.putLongRelease(null, stateAddress + CONSUMER_POSITION_OFFSET, position);
        UnsafeApi.putLong(null, stateAddress + MESSAGES_RECEIVED_OFFSET, messagesReceived += count);
        UnsafeApi.putLong(null, stateAddress + BYTES_RECEIVED_OFFSET, bytesReceived += bytes);
        // not the block holding the position: the producer may be writing into it
        clearTo(position & -RingZeroing.CLEARING_GRAIN);
    }

    private int emptyStatus()
    {
        if (UnsafeApi.getIntVolatile(null, stateAddress + PRODUCER_CLOSED_OFFSET) != 0)
        {
            return nothingReady() ? CLOSED : 0;
        }
        final int producerStatus = (++watchCalls & (PeerWatch.CALLS_BETWEEN_CLOCK_READS - 1)) == 0 ?
            producerWatch.poll(CONSUMER_HEARTBEAT_OFFSET) : producerWatch.lastStatus();
        if (producerStatus == PeerWatch.DEAD)
        {
            return nothingReady() ? PEER_DEAD : 0;
        }
        return 0;
    }

    /** True when no producer ever attached (nor closed) since the file was created. */
    boolean neverHadProducer()
    {
        return state.getLongVolatile(PRODUCER_OWNER_OFFSET) == 0 && state.getIntVolatile(PRODUCER_CLOSED_OFFSET) == 0;
    }

    /** True when the record at the position is not committed: nothing to read now. */
    boolean nothingReady()
    {
        return UnsafeApi.getIntAcquire(null, ringAddress + ((int)head & mask)) == 0;
    }

    /**
     * Returns the number of bytes of records the producer has committed and this consumer has not
     * read. Walks the records after the position the producer last stored (at most
     * {@link SpscRingDescriptor#announceInterval} bytes of them): for monitoring, not for every poll.
     *
     * @return the number of bytes of records the producer has committed and this consumer has not read.
     */
    public long backlog()
    {
        return SpscCommittedTail.walk(file.path(), file.layout(), state, ring).position() - head;
    }

    /**
     * Returns true while a producer is attached and alive (checks the process table now).
     *
     * @return true while a producer is attached and alive (checks the process table now).
     */
    public boolean isProducerAlive()
    {
        return producerWatch.check() == PeerWatch.ALIVE;
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
     * Marks the channel closed by the consumer and gives up the consumer side; the producer's
     * next call fails with {@link ChannelClosedException}.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            clearTo(head);
            state.putIntRelease(CONSUMER_CLOSED_OFFSET, 1);
            Ownership.detach(state, CONSUMER_OWNER_OFFSET, ownerToken);
        }
    }
}
