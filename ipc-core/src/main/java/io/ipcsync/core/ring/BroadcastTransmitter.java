package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.BroadcastRingDescriptor.BYTES_SENT_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.HEADER_LENGTH;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.LATEST_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.MESSAGES_SENT_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.PRODUCER_CLOSED_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.PRODUCER_OWNER_OFFSET;
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
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The one producer of a BROADCAST ring (see {@link BroadcastRingDescriptor}). Not thread-safe: one
 * thread at a time calls it.
 *
 * <p>The transmitter never waits: there is no backpressure, {@link #offer} always writes, and
 * when the ring is full the oldest records are overwritten. Subscribers that fall a whole ring
 * behind learn it from {@link BroadcastReceiver#poll} ({@link BroadcastReceiver#LAPPED}); they
 * are never handed a record being overwritten.
 *
 * <p>Memory ordering: before any byte of a record (or of the padding before it) is written, the
 * tail intent is stored with release semantics followed by a release fence (StoreStore), so that
 * a subscriber that sees any of the new bytes also sees the intent. After the record is written,
 * latest and then tail are stored with release semantics, so a subscriber that loads the tail
 * with acquire semantics sees every record below it complete.
 *
 * <p>Attaching takes the producer side of the file (failing if a live producer holds it; a dead
 * one is taken over) and continues after the last complete record with the next sequence, so a
 * producer that restarts after a crash neither repeats nor skips a sequence. A record that a dead
 * producer was writing is overwritten; the tail intent it left is kept until the new producer
 * passes it, so subscribers still treat the bytes it may have overwritten as lost.
 */
public final class BroadcastTransmitter extends BroadcastTransmitterFields implements AutoCloseable
{
    /**
     * From this record length on (one cache line), {@link #claim} first loads the tail from the file
     * and checks it against its own: the load fetches the line subscribers poll early, where the
     * store of the intent would wait for it at the head of the store buffer, behind the previous
     * record's stores; the check also catches a second writer. (Agrona's transmitter reads its tail
     * from the buffer for every message.) Turn by turn, a transmitter with the load against the same
     * one without it, a subscriber reading each record right behind: 96-byte messages 4.6 -> 8.9 M
     * msgs/s, 128 B 3.9 -> 7.0 M, 1 KiB 3.1 -> 4.1 M; 8 to 32 bytes 4-13% slower, so shorter records
     * skip it. A load whose value nothing used did not help.
     */
    static final int EARLY_STATE_LOAD_LENGTH = RecordDescriptor.CACHE_LINE_LENGTH;

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
     * Attaches as the producer of a BROADCAST channel file.
     *
     * @param file an open BROADCAST channel file; the transmitter does not close it.
     * @throws IllegalArgumentException if the file is not a BROADCAST channel.
     * @throws io.ipcsync.core.IpcsyncException if a live producer is attached already.
     * @throws io.ipcsync.core.CorruptChannelException if the positions or the latest record in the file are impossible.
     */
    public BroadcastTransmitter(final ChannelFile file)
    {
        super(file);
    }

    /**
     * Copies a message into the ring, overwriting the oldest records if the ring is full.
     *
     * @param typeId message type, zero or positive.
     * @param source the bytes.
     * @param offset where they start in the source.
     * @param length how many, up to the channel's max message length.
     * @throws IllegalArgumentException if the type or the length is out of range.
     * @throws ChannelClosedException if this transmitter was closed.
     */
    public void offer(final int typeId, final DirectBuffer source, final int offset, final int length)
    {
        checkMessage(typeId, length);
        MessageCopy.checkSource(source, offset, length);
        final int recordLength = length + HEADER_LENGTH;
        final int recordIndex = claim(recordLength);
        writeHeader(recordIndex, recordLength, typeId);
        MessageCopy.copy(ring, recordIndex + HEADER_LENGTH, source, offset, length);
        publish(recordLength, length);
    }

    /**
     * Writes an 8-byte message holding one {@code long}, without a source buffer.
     *
     * @param typeId message type, zero or positive.
     * @param value  the message.
     * @throws IllegalArgumentException if the type is negative or the channel's max message length is below 8.
     * @throws ChannelClosedException if this transmitter was closed.
     */
    public void offerLong(final int typeId, final long value)
    {
        checkMessage(typeId, Long.BYTES);
        final int recordLength = Long.BYTES + HEADER_LENGTH;
        final int recordIndex = claim(recordLength);
        writeHeader(recordIndex, recordLength, typeId);
        UnsafeApi.putLong(null, ringAddress + recordIndex + HEADER_LENGTH, value);
        publish(recordLength, Long.BYTES);
    }

    /**
     * Claims room for a message to be written in place into {@link #buffer()}; always succeeds
     * (the room is taken from the oldest records). Subscribers see nothing until {@link #commit}.
     *
     * @param typeId message type, zero or positive.
     * @param length the message length, up to the channel's max message length.
     * @return the index in {@link #buffer()} where the message goes.
     * @throws IllegalStateException if an earlier claim was neither committed nor aborted.
     * @throws ChannelClosedException if this transmitter was closed.
     */
    public int tryClaim(final int typeId, final int length)
    {
        checkMessage(typeId, length);
        if (claimedRecordIndex >= 0)
        {
            throw new IllegalStateException(file.path() + ": the previous claim was neither committed nor aborted");
        }
        final int recordLength = length + HEADER_LENGTH;
        final int recordIndex = claim(recordLength);
        writeHeader(recordIndex, recordLength, typeId);
        claimedRecordIndex = recordIndex;
        claimedRecordLength = recordLength;
        return recordIndex + HEADER_LENGTH;
    }

    /**
     * Publishes the claimed message to every subscriber.
     *
     * @param index the index {@link #tryClaim} returned.
     * @throws IllegalStateException if there is no claim at that index.
     */
    public void commit(final int index)
    {
        checkClaim(index);
        claimedRecordIndex = -1;
        publish(claimedRecordLength, claimedRecordLength - HEADER_LENGTH);
    }

    /**
     * Gives the claimed space back; no subscriber sees it and the next message takes its
     * sequence. The records it overwrote stay lost.
     *
     * @param index the index {@link #tryClaim} returned.
     * @throws IllegalStateException if there is no claim at that index.
     */
    public void abort(final int index)
    {
        checkClaim(index);
        claimedRecordIndex = -1;
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
     * Returns the sequence the next message gets: the number of messages sent on this channel by
     * this and every earlier producer.
     *
     * @return the sequence the next message gets.
     */
    public long nextSequence()
    {
        return sequence;
    }

    /**
     * Returns the file this transmitter writes.
     *
     * @return the file this transmitter writes.
     */
    public ChannelFile file()
    {
        return file;
    }

    /**
     * Marks the channel closed by the producer and gives up the producer side. Subscribers read
     * what was committed, then see the channel closed. An uncommitted claim is dropped.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            claimedRecordIndex = -1;
            state.putIntRelease(PRODUCER_CLOSED_OFFSET, 1);
            Ownership.detach(state, PRODUCER_OWNER_OFFSET, ownerToken);
        }
    }

    private void checkMessage(final int typeId, final int length)
    {
        if (ProducerChecks.refuses(closed, typeId, length, maxMessageLength))
        {
            throw ProducerChecks.refusal(file, closed, typeId, length, maxMessageLength);
        }
    }

    private void checkClaim(final int index)
    {
        final int recordIndex = index - HEADER_LENGTH;
        if (claimedRecordIndex < 0 || recordIndex != claimedRecordIndex)
        {
            throw new IllegalStateException(file.path() + ": no claim at index " + index +
                (claimedRecordIndex < 0 ? " (nothing is claimed)" : " (the claim is at " +
                (claimedRecordIndex + HEADER_LENGTH) + ")"));
        }
    }

    /**
     * Signals the intent to write a record at the tail, writing a padding record first when it
     * would not fit before the end of the ring, and returns the record's index.
     */
    private int claim(final int recordLength)
    {
        final long tail = this.tail;
        if (recordLength >= EARLY_STATE_LOAD_LENGTH && UnsafeApi.getLong(null, stateAddress + TAIL_OFFSET) != tail)
        {
            throw tailMoved(tail);
        }
        final int alignedLength = align(recordLength);
        final int tailIndex = (int)tail & mask;
        final int toEnd = capacity - tailIndex;
        if (alignedLength <= toEnd)
        {
            signalIntent(tail + alignedLength);
            claimedPosition = tail;
            return tailIndex;
        }
        signalIntent(tail + toEnd + alignedLength);
        UnsafeApi.putInt(null, ringAddress + typeOffset(tailIndex), PADDING_TYPE_ID);
        UnsafeApi.putInt(null, ringAddress + tailIndex, toEnd);
        claimedPosition = tail + toEnd;
        return 0;
    }

    private CorruptChannelException tailMoved(final long tail)
    {
        return BroadcastChecks.corrupt(file, state.getLong(TAIL_OFFSET), "the tail is not where this producer left it (" +
            tail + "): something else writes the producer side of this channel");
    }

    private void signalIntent(final long newIntent)
    {
        // never lower: after an abort, or a dead producer's partial write, the intent already covers these bytes
        if (newIntent > intent)
        {
            intent = newIntent;
            UnsafeApi.putLongRelease(null, stateAddress + TAIL_INTENT_OFFSET, newIntent);
            VarHandle.releaseFence(); // StoreStore: the intent is visible before any byte of the record
        }
    }

    private void writeHeader(final int recordIndex, final int recordLength, final int typeId)
    {
        final long ringAddress = this.ringAddress;
        UnsafeApi.putInt(null, ringAddress + recordIndex, recordLength);
        UnsafeApi.putInt(null, ringAddress + typeOffset(recordIndex), typeId);
        UnsafeApi.putLong(null, ringAddress + sequenceOffset(recordIndex), sequence);
    }

    private void publish(final int recordLength, final int messageLength)
    {
        final long position = claimedPosition;
        final long newTail = position + align(recordLength);
        final long stateAddress = this.stateAddress;
        UnsafeApi.putLongRelease(null, stateAddress + LATEST_OFFSET, position);
        UnsafeApi.putLongRelease(null, stateAddress + TAIL_OFFSET, newTail);
        tail = newTail;
        UnsafeApi.putLong(null, stateAddress + MESSAGES_SENT_OFFSET, ++sequence);
        UnsafeApi.putLong(null, stateAddress + BYTES_SENT_OFFSET, bytesSent += messageLength);
    }
}
