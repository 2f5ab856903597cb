package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.PartyTableDescriptor.BYTES_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.CLAIM_POSITION_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.FULL_EVENTS_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.MESSAGES_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_CONSUMER;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_PRODUCER;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelMode;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The state of a {@link MpscRingProducer}, between {@link LeftPadding} and the padding the final
 * class declares: the producer thread writes these fields on every message.
 */
abstract class MpscRingProducerFields extends LeftPadding
{
    final ChannelFile file;
    final AtomicBuffer ring;
    final AtomicBuffer state;
    final long ringAddress;
    final long stateAddress;
    final int capacity;
    final int mask;
    final int maxMessageLength;
    final Party party;
    final int claimPositionOffset;
    final int messagesOffset;
    final int bytesOffset;
    final int fullEventsOffset;
    final PartyWatch consumerWatch;

    long headCache;
    long messagesSent;
    long bytesSent;
    long fullEvents;
    long claimedPosition;
    /** What this producer's party slot shows while its claim is open: the tail its claim CAS replaced. */
    long claimSlotPosition;
    int claimedRecordIndex = -1;
    int claimedRecordLength;
    int claimedTypeId;
    boolean closed;
    int watchCalls;

    /** Attaches; see {@link MpscRingProducer#MpscRingProducer}. */
    MpscRingProducerFields(final ChannelFile file, final long livenessIntervalNanos)
    {
        RingChecks.requireMode(file, ChannelMode.MPSC);
        this.file = file;
        this.ring = file.ring();
        this.state = file.header();
        this.ringAddress = RingAccess.addressOf(ring);
        this.stateAddress = RingAccess.addressOf(state);
        this.capacity = file.layout().capacity();
        this.mask = capacity - 1;
        this.maxMessageLength = file.layout().maxMessageLength();
        final long head = state.getLongVolatile(MpscRingDescriptor.HEAD_POSITION_OFFSET);
        RingChecks.checkPositions(file, head, state.getLongVolatile(MpscRingDescriptor.TAIL_POSITION_OFFSET));
        this.headCache = head;
        this.consumerWatch = new PartyWatch(state, ROLE_CONSUMER, livenessIntervalNanos);
        this.party = Party.attach(file, ROLE_PRODUCER, false);
        final int offset = party.offset();
        this.claimPositionOffset = offset + CLAIM_POSITION_FIELD;
        this.messagesOffset = offset + MESSAGES_FIELD;
        this.bytesOffset = offset + BYTES_FIELD;
        this.fullEventsOffset = offset + FULL_EVENTS_FIELD;
        // the counters are this party's own; the claim position stays until the first claim
        state.putLongRelease(messagesOffset, 0);
        state.putLongRelease(bytesOffset, 0);
        state.putLongRelease(fullEventsOffset, 0);
    }
}
