package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.BroadcastRingDescriptor.ALIGNMENT;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.HEADER_LENGTH;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.LATEST_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.PRODUCER_CLOSED_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.TAIL_INTENT_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.TAIL_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.sequenceOffset;
import static io.ipcsync.core.ring.RecordDescriptor.PADDING_TYPE_ID;
import static io.ipcsync.core.ring.RecordDescriptor.align;
import static io.ipcsync.core.ring.RecordDescriptor.typeOffset;

import java.lang.invoke.VarHandle;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.CorruptChannelException;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A subscriber of a BROADCAST ring (see {@link BroadcastRingDescriptor}). Any number of receivers,
 * in any processes, read one ring; each is not thread-safe: one thread at a time calls it.
 *
 * <p>A receiver writes nothing to the file: it needs no ownership and the producer does not know
 * it exists. It starts at the producer's tail when it is created, so it sees every message
 * committed from then on and none from before, in order, each once, as long as it keeps up.
 *
 * <p>Messages are copied into a private buffer, a run of them at a time, and the copy is checked
 * against the tail intent before the handler sees any of them: a handler is never handed a record
 * the producer is overwriting. A receiver that falls a whole ring behind has been lapped: {@link #poll} returns
 * {@link #LAPPED} at the place of the gap (a poll that already handed over messages returns their
 * count, and the next poll returns {@code LAPPED}), {@link #lostMessages()} grows by the number of
 * messages skipped, and the following polls continue from the producer's latest record. A
 * record header that looks impossible is first checked for a lap; only a header that was not
 * being overwritten is reported as corruption.
 */
public final class BroadcastReceiver extends BroadcastReceiverFields implements AutoCloseable
{
    /** {@link #poll} status: the producer closed the channel and every message was read. */
    public static final int CLOSED = -1;
    /** {@link #poll} status: the producer died and every message it committed was read. */
    public static final int PEER_DEAD = -2;
    /** {@link #poll} status: the producer overwrote messages this receiver had not read; see {@link #lostMessages()}. */
    public static final int LAPPED = -3;

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
     * Joins a BROADCAST channel file at the producer's current tail.
     *
     * @param file                  an open BROADCAST channel file; the receiver does not close it.
     * @param livenessIntervalNanos how often, at most, an empty poll checks whether the producer died.
     * @throws IllegalArgumentException if the file is not a BROADCAST channel.
     * @throws io.ipcsync.core.CorruptChannelException if the positions in the file are impossible.
     */
    public BroadcastReceiver(final ChannelFile file, final long livenessIntervalNanos)
    {
        super(file, livenessIntervalNanos);
        join();
    }

    /**
     * Reads up to {@code limit} messages, handing a private copy of each to the handler in order.
     * If the handler throws, the messages before it and the one it threw on count as read.
     *
     * @param handler receives each message; the buffer is this receiver's copy, valid during the call.
     * @param limit   the most messages to read in this call.
     * @return how many messages were read; 0 when none are ready; {@link #LAPPED} when messages were
     *         lost before the next one; {@link #CLOSED} or {@link #PEER_DEAD} when none are ready
     *         and none will come.
     * @throws ChannelClosedException if this receiver was closed.
     * @throws io.ipcsync.core.CorruptChannelException if a record is impossible and was not being overwritten.
     */
    public int poll(final RecordHandler handler, final int limit)
    {
        if (closed)
        {
            throw closedSubscriber();
        }
        if (lapPending)
        {
            lapPending = false;
            return LAPPED;
        }
        final long tail = UnsafeApi.getLongVolatile(null, stateAddress + TAIL_OFFSET);
        int count = 0;
        boolean lapped = false;
        while (count < limit && tail - cursor > 0)
        {
            final int copied = copyRun(tail, limit - count);
            VarHandle.acquireFence(); // LoadLoad: the run is read before the intent that validates it
            if (UnsafeApi.getLongVolatile(null, stateAddress + TAIL_INTENT_OFFSET) - cursor > capacity)
            {
                lapped = true;
                break;
            }
            count += handOver(handler, copied, tail);
            if (runStopped)
            {
                // padding, or a header that was not being overwritten: corruption (which throws)
                cursor += checkedPaddingLength(cursor, tail, (int)cursor & mask, stopLength, stopType);
            }
        }
        if (lapped)
        {
            jumpToLatest();
            if (count > 0)
            {
                lapPending = true;
                return count;
            }
            return LAPPED;
        }
        return count > 0 ? count : emptyStatus();
    }

    /**
     * Copies the records from the cursor on (headers and messages, as they are in the ring) into the
     * scratch buffer: at most {@code most} records, none at or past the tail, none past the end of
     * the ring, as many as fit. Stops at a header that is not a message's (padding, one being
     * overwritten, or corruption), noting it in {@link #runStopped}: what it is can be told only once
     * the run is known not to have been lapped. Nothing read here is trusted before that check.
     *
     * @return the bytes copied: whole aligned records.
     */
    private int copyRun(final long tail, final int most)
    {
        final long ringAddress = this.ringAddress;
        final UnsafeBuffer scratch = this.scratch;
        final int capacity = this.capacity;
        final int scratchCapacity = scratch.capacity();
        long position = cursor;
        int copied = 0;
        int records = 0;
        runStopped = false;
        while (records < most && tail - position > 0)
        {
            final int recordIndex = (int)position & mask;
            final int recordLength = UnsafeApi.getInt(null, ringAddress + recordIndex);
            final int typeId = UnsafeApi.getInt(null, ringAddress + typeOffset(recordIndex));
            final int alignedLength = align(recordLength);
            if (typeId < 0 || recordLength < HEADER_LENGTH || recordLength > maxRecordLength ||
                alignedLength > capacity - recordIndex)
            {
                runStopped = true;
                stopLength = recordLength;
                stopType = typeId;
                break;
            }
            if (alignedLength > scratchCapacity - copied)
            {
                break;
            }
            MessageCopy.copy(scratch, copied, ring, recordIndex, recordLength);
            copied += alignedLength;
            position += alignedLength;
            records++;
        }
        return copied;
    }

    /**
     * Hands the copied records to the handler in order, checking each header in the copy: the run
     * was not lapped, so the copy is what the producer committed. The cursor passes each record
     * before its handler runs, so a handler that throws leaves it and the ones before it read.
     *
     * @return how many messages were handed over.
     */
    private int handOver(final RecordHandler handler, final int copied, final long tail)
    {
        final UnsafeBuffer scratch = this.scratch;
        final byte[] scratchArray = this.scratchArray;
        final long scratchBase = this.scratchBase;
        int offset = 0;
        int count = 0;
        while (offset < copied)
        {
            final int recordLength = UnsafeApi.getInt(scratchArray, scratchBase + offset);
            final int typeId = UnsafeApi.getInt(scratchArray, scratchBase + typeOffset(offset));
            final long recordSequence = UnsafeApi.getLong(scratchArray, scratchBase + sequenceOffset(offset));
            final int alignedLength = align(recordLength);
            if (recordSequence != nextSequence || cursor + alignedLength - tail > 0)
            {
                throw outOfSequence(recordSequence, recordLength, tail);
            }
            cursor += alignedLength;
            nextSequence++;
            messagesReceived++;
            count++;
            handler.onMessage(typeId, scratch, offset + HEADER_LENGTH, recordLength - HEADER_LENGTH);
            offset += alignedLength;
        }
        return count;
    }

    /** Built apart, so that {@link #poll} compiles small (see {@link RingAccess}). */
    private ChannelClosedException closedSubscriber()
    {
        return new ChannelClosedException(file.path() + ": this subscriber was closed");
    }

    /** A record of a run that was not lapped, out of sequence or past the tail: built apart, as {@link #closedSubscriber}. */
    private CorruptChannelException outOfSequence(final long recordSequence, final int recordLength, final long tail)
    {
        return BroadcastChecks.corrupt(file, cursor, "record sequence " + recordSequence + " (expected " +
            nextSequence + "), length " + recordLength + ", tail " + tail);
    }

    /**
     * Returns how many messages this receiver missed because it fell a whole ring behind, in all.
     *
     * @return how many messages this receiver missed because it fell a whole ring behind, in all.
     */
    public long lostMessages()
    {
        return lostMessages;
    }

    /**
     * Returns how many times this receiver was lapped (each reported once as {@link #LAPPED}).
     *
     * @return how many times this receiver was lapped.
     */
    public long laps()
    {
        return laps;
    }

    /**
     * Returns how many messages this receiver handed to handlers.
     *
     * @return how many messages this receiver handed to handlers.
     */
    public long messagesReceived()
    {
        return messagesReceived;
    }

    /**
     * Returns the sequence of the next message this receiver expects (the first message of the
     * channel has sequence 0).
     *
     * @return the sequence of the next message this receiver expects.
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * Returns the number of bytes of records the producer has committed and this receiver has not read.
     *
     * @return the number of bytes of records the producer has committed and this receiver has not read.
     */
    public long backlog()
    {
        return Math.max(0, state.getLongVolatile(TAIL_OFFSET) - cursor);
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
     * Returns the file this receiver reads.
     *
     * @return the file this receiver reads.
     */
    public ChannelFile file()
    {
        return file;
    }

    /**
     * Stops this receiver; later polls throw. The producer and other subscribers are not affected.
     */
    @Override
    public void close()
    {
        closed = true;
    }

    /**
     * Starts at the tail with the sequence of the first record at or after it. The producer stores
     * latest, then tail; so latest loaded after the tail is either the record before it (latest
     * below the tail: the next sequence is one more) or, while the tail is not yet stored (loaded
     * again, unchanged), the record after it (latest at the tail or past the padding after it: its
     * own sequence). Anything else means the producer moved on meanwhile: try again. It has then
     * stored a newer tail or latest, so a try that loads the same two as the one before and fails
     * again has found the file wrong, not the producer busy.
     */
    private void join()
    {
        long failedTail = -1;
        long failedLatest = -1;
        while (true)
        {
            final long tail = state.getLongVolatile(TAIL_OFFSET);
            if (tail < 0 || (tail & (ALIGNMENT - 1)) != 0)
            {
                throw BroadcastChecks.corrupt(file, tail, "the tail is negative or not aligned");
            }
            if (tail == 0)
            {
                cursor = 0;
                nextSequence = 0;
                return;
            }
            final long latest = state.getLongVolatile(LATEST_OFFSET);
            final long sequence;
            if (latest - tail < 0)
            {
                if (tail - latest > capacity)
                {
                    throw BroadcastChecks.corrupt(file, latest, "the latest record is more than a ring before the tail " + tail);
                }
                sequence = sequenceAtLatest(latest);
                if (sequence >= 0)
                {
                    cursor = tail;
                    nextSequence = sequence + 1;
                    return;
                }
            }
            else if (state.getLongVolatile(TAIL_OFFSET) == tail)
            {
                if (latest - tail > BroadcastChecks.paddingAfter(tail, capacity))
                {
                    throw BroadcastChecks.corrupt(file, latest, "the latest record is past the tail " + tail +
                        " by more than the padding to the end of the ring");
                }
                sequence = sequenceAtLatest(latest);
                if (sequence >= 0)
                {
                    cursor = tail;
                    nextSequence = sequence;
                    return;
                }
            }
            if (tail == failedTail && latest == failedLatest)
            {
                throw BroadcastChecks.corrupt(file, latest, "no record to start at: tail " + tail + ", latest " + latest +
                    " and tail intent " + state.getLongVolatile(TAIL_INTENT_OFFSET) + " disagree, and none of them moved");
            }
            failedTail = tail;
            failedLatest = latest;
            Thread.onSpinWait();
        }
    }

    /**
     * Returns the sequence of the record at {@code latest}, or -1 if it was overwritten while read.
     */
    private long sequenceAtLatest(final long latest)
    {
        final int recordIndex = (int)latest & mask;
        if (latest < 0 || (latest & (ALIGNMENT - 1)) != 0 || recordIndex > capacity - HEADER_LENGTH)
        {
            throw BroadcastChecks.corrupt(file, latest, "latest record position is negative, not aligned, or " +
                "leaves no room for a record header before the end of the ring");
        }
        final long sequence = ring.getLong(sequenceOffset(recordIndex));
        VarHandle.acquireFence(); // LoadLoad: the sequence is read before the intent that validates it
        if (state.getLongVolatile(TAIL_INTENT_OFFSET) - latest > capacity)
        {
            return -1;
        }
        if (sequence < 0)
        {
            throw BroadcastChecks.corrupt(file, latest, "the latest record's sequence " + sequence + " is negative");
        }
        return sequence;
    }

    /**
     * After a lap, continues at the latest record and counts the messages skipped to get there.
     *
     * <p>When the latest record was overwritten while read, the transmitter has stored a newer latest
     * (it stores a record's latest before the intent of the next one, and only an intent of a record
     * at least two further on reaches a ring past it), so the next load sees latest move. If it has
     * not moved, the intent or latest in the file is wrong: waiting for it to move would never end.
     */
    private void jumpToLatest()
    {
        long overwrittenLatest = -1;
        while (true)
        {
            final long latest = state.getLongVolatile(LATEST_OFFSET);
            final long sequence = sequenceAtLatest(latest);
            if (sequence < 0)
            {
                if (latest == overwrittenLatest)
                {
                    throw BroadcastChecks.corrupt(file, latest, "the tail intent " +
                        state.getLongVolatile(TAIL_INTENT_OFFSET) + " is more than a ring (" + capacity +
                        " bytes) past the latest record, and latest did not move");
                }
                overwrittenLatest = latest; // lapped again while reading it: latest has moved on since
                Thread.onSpinWait();
                continue;
            }
            if (latest - cursor < 0 || sequence < nextSequence)
            {
                throw BroadcastChecks.corrupt(file, latest, "after a lap at position " + cursor + " (sequence " +
                    nextSequence + ") the latest record is behind it (sequence " + sequence + ")");
            }
            lostMessages += sequence - nextSequence;
            laps++;
            cursor = latest;
            nextSequence = sequence;
            return;
        }
    }

    private int checkedPaddingLength(
        final long position, final long tail, final int recordIndex, final int recordLength, final int typeId)
    {
        if (typeId == PADDING_TYPE_ID)
        {
            if (recordLength != capacity - recordIndex || position + recordLength - tail >= 0)
            {
                throw BroadcastChecks.corrupt(file, position, "padding record length " + recordLength +
                    " should reach the end of the ring (" + (capacity - recordIndex) + " bytes) and a record after it");
            }
            return recordLength;
        }
        throw BroadcastChecks.corrupt(file, position,
            BroadcastChecks.messageHeaderProblem(file, recordIndex, recordLength, typeId));
    }

    private int emptyStatus()
    {
        if (state.getIntVolatile(PRODUCER_CLOSED_OFFSET) != 0)
        {
            return caughtUp() ? CLOSED : 0;
        }
        if ((++watchCalls & (PeerWatch.CALLS_BETWEEN_CLOCK_READS - 1)) == 0)
        {
            final long now = System.nanoTime();
            if (now - nextWatchNanos >= 0)
            {
                // PeerWatch.poll would also beat a heartbeat, but a subscriber writes nothing to the file
                nextWatchNanos = now + livenessIntervalNanos;
                producerWatch.check();
            }
        }
        if (producerWatch.lastStatus() == PeerWatch.DEAD)
        {
            return caughtUp() ? PEER_DEAD : 0;
        }
        return 0;
    }

    private boolean caughtUp()
    {
        return state.getLongVolatile(TAIL_OFFSET) - cursor <= 0;
    }
}
