package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.PartyTableDescriptor.BYTES_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.MESSAGES_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_CONSUMER;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_PRODUCER;

import io.ipcsync.core.ChannelFile;

/**
 * The state of a {@link SlotRingConsumer}, between the shared fields and the padding the final
 * class declares: the consumer thread writes these fields on every poll.
 */
abstract class SlotRingConsumerFields extends SlotRingFields
{
    final PartyWatch producerWatch;
    final long claimTimeoutNanos;

    long messagesReceived;
    long bytesReceived;
    long stuckPosition = -1;
    long stuckSinceNanos;
    long nextClaimCheckNanos;
    int stuckPolls;
    int watchCalls;
    boolean closed;

    /** Attaches; see {@link SlotRingConsumer#SlotRingConsumer}. */
    SlotRingConsumerFields(final ChannelFile file, final long livenessIntervalNanos, final long claimTimeoutNanos)
    {
        super(file, ROLE_CONSUMER, livenessIntervalNanos);
        if (claimTimeoutNanos < 0)
        {
            throw new IllegalArgumentException("claim timeout " + claimTimeoutNanos + " ns must not be negative");
        }
        this.claimTimeoutNanos = claimTimeoutNanos;
        this.producerWatch = new PartyWatch(state, ROLE_PRODUCER, livenessIntervalNanos);
        this.messagesReceived = state.getLong(party.offset() + MESSAGES_FIELD);
        this.bytesReceived = state.getLong(party.offset() + BYTES_FIELD);
    }
}
