package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.PartyTableDescriptor.BYTES_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.FULL_EVENTS_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.MESSAGES_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_CONSUMER;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_PRODUCER;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelMode;

/**
 * The state of a {@link SlotRingProducer}, between the shared fields and the padding the final
 * class declares: the producer thread writes these fields on every message.
 */
abstract class SlotRingProducerFields extends SlotRingFields
{
    final boolean multiProducer;
    final PartyWatch consumerWatch;

    long tail;
    long claimedPosition = -1;
    int claimedIndex;
    int claimedLength;
    long messagesSent;
    long bytesSent;
    long fullEvents;
    long nextRecoveryNanos;
    int watchCalls;
    boolean closed;

    /** Attaches; see {@link SlotRingProducer#SlotRingProducer}. */
    SlotRingProducerFields(final ChannelFile file, final long livenessIntervalNanos)
    {
        super(file, ROLE_PRODUCER, livenessIntervalNanos);
        this.multiProducer = file.layout().mode() == ChannelMode.MPMC;
        this.consumerWatch = new PartyWatch(state, ROLE_CONSUMER, livenessIntervalNanos);
        this.tail = state.getLongVolatile(SlotRingDescriptor.TAIL_OFFSET);
        this.messagesSent = state.getLong(party.offset() + MESSAGES_FIELD);
        this.bytesSent = state.getLong(party.offset() + BYTES_FIELD);
        this.fullEvents = state.getLong(party.offset() + FULL_EVENTS_FIELD);
    }
}
