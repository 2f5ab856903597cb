package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.MpscRingDescriptor.HEAD_POSITION_OFFSET;
import static io.ipcsync.core.ring.MpscRingDescriptor.TAIL_POSITION_OFFSET;
import static io.ipcsync.core.ring.MpscRingDescriptor.header;
import static io.ipcsync.core.ring.RecordDescriptor.ALIGNMENT;
import static io.ipcsync.core.ring.RecordDescriptor.HEADER_LENGTH;
import static io.ipcsync.core.ring.RecordDescriptor.PADDING_TYPE_ID;
import static io.ipcsync.core.ring.RecordDescriptor.align;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.CorruptChannelException;
import io.ipcsync.core.PeerDeadException;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

/**
 * One producer of an MPSC ring. Not thread-safe: one thread at a time calls it. Many producers,
 * in one process or many, write to the same ring: give each thread its own producer (each takes a
 * slot of the party table, {@link PartyTableDescriptor#SLOT_COUNT} - 1 at most per channel). In an
 * MPSC channel with lanes it writes the overflow ring, which the producers that find every lane
 * held share, and which the channel's {@link MpscLaneConsumer} reads along with the lanes.
 *
 * <p>Claim protocol (see {@link MpscRingDescriptor}): store the tail it read as this producer's
 * claim position, CAS the tail past the record (and past a padding record when the record would
 * not fit before the end of the ring), write the header with a negative length and the type in
 * one release store, write the message, check that the consumer has not revoked the claim, then
 * store the length positive with release semantics. The tail CAS is the only atomic
 * read-modify-write per message. The consumer delivers records in ring order, so every message of
 * one producer arrives in the order it was committed.
 *
 * <p><b>Abandoned claims.</b> A claim that stays uncommitted does not wedge the channel: the
 * consumer turns it into padding as soon as it sees that the claimant's process died (within the
 * liveness interval), and after the claim timeout if the claimant is alive. A producer thread that
 * stalls longer than the claim timeout between claim and commit in a live process (a debugger, a
 * stopped process, a GC pause that long) therefore loses its claim: the consumer revokes it in
 * this producer's party slot before skipping it, and {@link #commit} (and {@link #offer}) finds
 * the revocation and throws {@link IllegalStateException} instead of publishing; the message is
 * not delivered. Worse, the bytes such a thread writes into its claim after the consumer skipped
 * it land in ring space the consumer has already freed, where they can corrupt a message another
 * producer is writing there; a thread stalled in the few instructions between winning the tail
 * and writing its header can later write a header there; and one stalled in the few instructions
 * between its revocation check and its commit store commits into the skipped record, where the
 * store changes nothing (the consumer's padding carries the same length word) and the message is
 * lost without the exception. Set the claim timeout well above the longest pause a producer can
 * see: it exists to recover from claimants that are stuck for good, not to bound the latency of
 * slow ones.
 */
public final class MpscRingProducer extends MpscRingProducerFields implements AutoCloseable
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
     * Attaches as one more producer of an MPSC channel file's shared ring: its one ring, or with
     * lanes its overflow ring (see {@link SpscRingProducer#onFreeLane} for a lane of its own).
     *
     * @param file                  an open MPSC channel file; the producer does not close it.
     * @param livenessIntervalNanos how often, at most, a full ring checks whether the consumer died.
     * @throws IllegalArgumentException if the file is not an MPSC channel.
     * @throws io.ipcsync.core.IpcsyncException if every producer slot is held by a live producer.
     * @throws io.ipcsync.core.CorruptChannelException if the positions in the file are impossible.
     */
    public MpscRingProducer(final ChannelFile file, final long livenessIntervalNanos)
    {
        super(file, livenessIntervalNanos);
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
     * @throws IllegalStateException if the consumer skipped the claim as abandoned (see the class comment).
     */
    public boolean offer(final int typeId, final DirectBuffer source, final int offset, final int length)
    {
        checkMessage(typeId, length);
        MessageCopy.checkSource(source, offset, length);
        final int recordLength = length + HEADER_LENGTH;
        final int recordIndex = claim(typeId, recordLength);
        if (recordIndex < 0)
        {
            return false;
        }
        MessageCopy.copy(ring, recordIndex + HEADER_LENGTH, source, offset, length);
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
     * @throws IllegalStateException if the consumer skipped the claim as abandoned (see the class comment).
     */
    public boolean offerLong(final int typeId, final long value)
    {
        checkMessage(typeId, Long.BYTES);
        final int recordLength = Long.BYTES + HEADER_LENGTH;
        final int recordIndex = claim(typeId, recordLength);
        if (recordIndex < 0)
        {
            return false;
        }
        UnsafeApi.putLong(null, ringAddress + recordIndex + HEADER_LENGTH, value);
        publish(recordIndex, recordLength, Long.BYTES);
        return true;
    }

    /**
     * Claims room for a message to be written in place into {@link #buffer()}; other producers go
     * on claiming after it, but the consumer reads nothing past it until it is committed or aborted.
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
        final int recordIndex = claim(typeId, recordLength);
        if (recordIndex < 0)
        {
            return INSUFFICIENT_CAPACITY;
        }
        claimedRecordIndex = recordIndex;
        claimedRecordLength = recordLength;
        claimedTypeId = typeId;
        return recordIndex + HEADER_LENGTH;
    }

    /**
     * Publishes the claimed message.
     *
     * @param index the index {@link #tryClaim} returned.
     * @throws IllegalStateException if there is no claim at that index, or the consumer skipped the
     *                               claim as abandoned because it stayed open longer than the claim timeout.
     */
    public void commit(final int index)
    {
        final int recordIndex = checkClaim(index);
        claimedRecordIndex = -1;
        publish(recordIndex, claimedRecordLength, claimedRecordLength - HEADER_LENGTH);
    }

    /**
     * Gives the claimed space back: it becomes padding, which the consumer skips.
     *
     * @param index the index {@link #tryClaim} returned.
     * @throws IllegalStateException if there is no claim at that index.
     */
    public void abort(final int index)
    {
        final int recordIndex = checkClaim(index);
        claimedRecordIndex = -1;
        abortClaim(recordIndex);
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
     * Returns the party-table slot this producer holds, where its counters are.
     *
     * @return the party-table slot this producer holds.
     */
    public int slot()
    {
        return party.slot();
    }

    /**
     * Returns true while a consumer is attached and alive (checks the process table now).
     *
     * @return true while a consumer is attached and alive (checks the process table now).
     */
    public boolean isConsumerAlive()
    {
        return consumerWatch.check() == PartyWatch.ALIVE;
    }

    /**
     * Gives up this producer's slot. An uncommitted claim is aborted first. The consumer sees the
     * channel closed once it has read everything and the last producer has closed.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (claimedRecordIndex >= 0)
            {
                abortClaim(claimedRecordIndex);
                claimedRecordIndex = -1;
            }
            party.close();
        }
    }

    private void checkMessage(final int typeId, final int length)
    {
        if (ProducerChecks.refuses(closed, typeId, length, maxMessageLength) ||
            UnsafeApi.getIntVolatile(null, stateAddress + PartyTableDescriptor.CONSUMERS_CLOSED_OFFSET) != 0)
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
     * Reserves room for a record by CAS of the tail and writes its header as claimed; returns its
     * index, or -1 when the ring is full. The claim position is stored before each CAS, so that
     * whatever value the slot shows is a record boundary the consumer can rely on.
     */
    private int claim(final int typeId, final int recordLength)
    {
        final long tailAddress = stateAddress + TAIL_POSITION_OFFSET;
        final long claimAddress = stateAddress + claimPositionOffset;
        final int alignedLength = align(recordLength);
        long tail;
        int recordIndex;
        int padding;
        do
        {
            tail = UnsafeApi.getLongVolatile(null, tailAddress);
            recordIndex = (int)tail & mask;
            final int toEnd = capacity - recordIndex;
            padding = 0;
            if (alignedLength > toEnd)
            {
                if ((toEnd & (ALIGNMENT - 1)) != 0)
                {
                    throw unalignedTail(tail); // its padding header would end past the ring
                }
                padding = toEnd;
            }
            final long end = tail + padding + alignedLength;
            if (end - headCache > capacity && !refreshHead(end))
            {
                return -1;
            }
            UnsafeApi.putLongRelease(null, claimAddress, tail);
        }
        while (!UnsafeApi.compareAndSetLong(null, tailAddress, tail, tail + padding + alignedLength));
        claimSlotPosition = tail;

        if (padding != 0)
        {
            UnsafeApi.putLongRelease(null, ringAddress + recordIndex, header(padding, PADDING_TYPE_ID));
            recordIndex = 0;
        }
        UnsafeApi.putLongRelease(null, ringAddress + recordIndex, header(-recordLength, typeId));
        claimedPosition = tail + padding;
        return recordIndex;
    }

    private CorruptChannelException unalignedTail(final long tail)
    {
        return RingChecks.corrupt(file, tail, "the shared tail " + tail + " is not a multiple of " + ALIGNMENT);
    }

    private boolean refreshHead(final long end)
    {
        final long head = state.getLongVolatile(HEAD_POSITION_OFFSET);
        headCache = head;
        if (end - head <= capacity)
        {
            return true;
        }
        state.putLong(fullEventsOffset, ++fullEvents);
        final int consumerStatus = (++watchCalls & (PeerWatch.CALLS_BETWEEN_CLOCK_READS - 1)) == 0 ?
            consumerWatch.poll(party) : consumerWatch.lastStatus();
        if (consumerStatus == PartyWatch.DEAD)
        {
            throw new PeerDeadException(file.path() + ": the consumer (pid " + consumerWatch.lastDeadPid() +
                ") died without closing the channel", consumerWatch.lastDeadPid());
        }
        return false;
    }

    /**
     * Turns the record length positive with a release store, unless the consumer revoked the claim
     * (see the class comment): no atomic read-modify-write here, which would wait for the message's
     * stores to drain first.
     */
    private void publish(final int recordIndex, final int recordLength, final int messageLength)
    {
        final long stateAddress = this.stateAddress;
        if (UnsafeApi.getLongVolatile(null, stateAddress + claimPositionOffset) != claimSlotPosition)
        {
            throw skipped();
        }
        UnsafeApi.putIntRelease(null, ringAddress + recordIndex, recordLength);
        UnsafeApi.putLong(null, stateAddress + messagesOffset, ++messagesSent);
        UnsafeApi.putLong(null, stateAddress + bytesOffset, bytesSent += messageLength);
    }

    private IllegalStateException skipped()
    {
        return new IllegalStateException(file.path() + ": the claim at position " + claimedPosition +
            " was skipped by the consumer as abandoned before it was committed (it stayed open longer than " +
            "the claim timeout); the message was not delivered");
    }

    private void abortClaim(final int recordIndex)
    {
        if (state.getLongVolatile(claimPositionOffset) != claimSlotPosition)
        {
            return; // revoked: the consumer skipped the claim, and the space may be someone else's by now
        }
        // fails only when the consumer skipped the claim since, which leaves the same result
        ring.compareAndSetLong(recordIndex, header(-claimedRecordLength, claimedTypeId),
            header(align(claimedRecordLength), PADDING_TYPE_ID));
    }
}
