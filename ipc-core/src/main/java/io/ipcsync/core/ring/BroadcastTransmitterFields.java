package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.BroadcastRingDescriptor.BYTES_SENT_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.LATEST_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.MESSAGES_SENT_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.PRODUCER_CLOSED_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.PRODUCER_HEARTBEAT_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.PRODUCER_OWNER_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.PRODUCER_START_TIME_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.TAIL_INTENT_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.TAIL_OFFSET;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelMode;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The state of a {@link BroadcastTransmitter}, between {@link LeftPadding} and the padding the
 * final class declares: the transmitter thread writes these fields on every message.
 */
abstract class BroadcastTransmitterFields extends LeftPadding
{
    final ChannelFile file;
    final AtomicBuffer ring;
    final AtomicBuffer state;
    final long ringAddress;
    final long stateAddress;
    final int capacity;
    final int mask;
    final int maxMessageLength;
    final long ownerToken;

    long tail;
    long intent;
    long sequence;
    long bytesSent;
    long claimedPosition;
    int claimedRecordIndex = -1;
    int claimedRecordLength;
    boolean closed;

    /** Attaches; see {@link BroadcastTransmitter#BroadcastTransmitter}. */
    BroadcastTransmitterFields(final ChannelFile file)
    {
        RingChecks.requireMode(file, ChannelMode.BROADCAST);
        this.file = file;
        this.ring = file.ring();
        this.state = file.header();
        this.ringAddress = RingAccess.addressOf(ring);
        this.stateAddress = RingAccess.addressOf(state);
        this.capacity = file.layout().capacity();
        this.mask = capacity - 1;
        this.maxMessageLength = file.layout().maxMessageLength();
        this.ownerToken = Ownership.attach(
            file, state, "producer", PRODUCER_OWNER_OFFSET, PRODUCER_START_TIME_OFFSET, PRODUCER_HEARTBEAT_OFFSET);
        try
        {
            final long recordedTail = state.getLongVolatile(TAIL_OFFSET);
            final long latest = state.getLongVolatile(LATEST_OFFSET);
            final long intent = state.getLongVolatile(TAIL_INTENT_OFFSET);
            BroadcastChecks.checkState(file, recordedTail, latest, intent);
            // An earlier producer that died between storing latest and tail had written its record
            // completely: publish it. Nothing is published at tail 0, so that ring starts afresh.
            this.tail = recordedTail != 0 && latest - recordedTail >= 0 ?
                latest + BroadcastChecks.alignedLengthAt(file, ring, latest) : recordedTail;
            // One that died while writing past the tail leaves an intent ahead of it: keep it until
            // this one passes it, so that no subscriber trusts the bytes that were overwritten.
            this.intent = Math.max(intent, tail);
            this.sequence = tail == 0 ? 0 : BroadcastChecks.sequenceAt(file, ring, latest) + 1;
            this.bytesSent = state.getLong(BYTES_SENT_OFFSET);
        }
        catch (final RuntimeException ex)
        {
            Ownership.detach(state, PRODUCER_OWNER_OFFSET, ownerToken);
            throw ex;
        }
        state.putLongRelease(TAIL_INTENT_OFFSET, intent);
        state.putLongRelease(TAIL_OFFSET, tail);
        state.putLong(MESSAGES_SENT_OFFSET, sequence);
        state.putIntRelease(PRODUCER_CLOSED_OFFSET, 0);
    }
}
