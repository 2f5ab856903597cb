package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.RecordDescriptor.HEADER_LENGTH;
import static io.ipcsync.core.ring.SpscRingDescriptor.BYTES_RECEIVED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_CLEARED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_CLOSED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_HEARTBEAT_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_OWNER_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_POSITION_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_START_TIME_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.MESSAGES_RECEIVED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_HEARTBEAT_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_OWNER_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_START_TIME_OFFSET;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelMode;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The state of a {@link SpscRingConsumer}, between {@link LeftPadding} and the padding the final
 * class declares: the consumer thread writes these fields on every poll.
 */
abstract class SpscRingConsumerFields extends LeftPadding
{
    final ChannelFile file;
    final AtomicBuffer ring;
    final AtomicBuffer state;
    final long ringAddress;
    final long stateAddress;
    final int capacity;
    final int mask;
    final int maxRecordLength;
    final long ownerToken;
    final PeerWatch producerWatch;

    long head;
    long cleared;
    long messagesReceived;
    long bytesReceived;
    boolean closed;
    int watchCalls;

    /** Attaches; see {@link SpscRingConsumer#SpscRingConsumer}. */
    SpscRingConsumerFields(final ChannelFile file, final long livenessIntervalNanos)
    {
        this(RingChecks.requireMode(file, ChannelMode.SPSC), file.header(), file.ring(), livenessIntervalNanos,
            Ownership.attach(file, file.header(), "consumer", CONSUMER_OWNER_OFFSET, CONSUMER_START_TIME_OFFSET,
                CONSUMER_HEARTBEAT_OFFSET));
    }

    /**
     * Attaches as the consumer of a ring whose consumer side the caller has taken: the file's one
     * ring, or a lane of an MPSC file.
     */
    SpscRingConsumerFields(
        final ChannelFile file,
        final AtomicBuffer state,
        final AtomicBuffer ring,
        final long livenessIntervalNanos,
        final long ownerToken)
    {
        this.file = file;
        this.ring = ring;
        this.state = state;
        this.ringAddress = RingAccess.addressOf(ring);
        this.stateAddress = RingAccess.addressOf(state);
        this.capacity = file.layout().capacity();
        this.mask = capacity - 1;
        this.maxRecordLength = file.layout().maxMessageLength() + HEADER_LENGTH;
        this.producerWatch = new PeerWatch(
            state, PRODUCER_OWNER_OFFSET, PRODUCER_START_TIME_OFFSET, PRODUCER_HEARTBEAT_OFFSET, livenessIntervalNanos);
        this.ownerToken = ownerToken;
        this.head = state.getLongVolatile(CONSUMER_POSITION_OFFSET);
        RingChecks.checkPositions(file, head, Math.max(head, SpscCommittedTail.announcedPosition(state)));
        final long cleared = state.getLongVolatile(CONSUMER_CLEARED_OFFSET);
        if (!RingChecks.isWithinARingBehind(cleared, head, capacity))
        {
            throw RingChecks.corrupt(file, cleared, "the cleared position is not within a ring behind the " +
                "consumer position " + head);
        }
        // a consumer that died left what it read unzeroed (the block it was in, or a whole poll if it
        // died between its two stores): zero it now, as the producer will write there next lap
        this.cleared = cleared;
        clearTo(head);
        this.messagesReceived = state.getLong(MESSAGES_RECEIVED_OFFSET);
        this.bytesReceived = state.getLong(BYTES_RECEIVED_OFFSET);
        state.putIntRelease(CONSUMER_CLOSED_OFFSET, 0);
    }

    /**
     * Zeroes what was read from the cleared position up to {@code position} (see {@link RingZeroing}),
     * then stores {@code position} as the cleared one; nothing when it is not ahead.
     */
    final void clearTo(final long position)
    {
        if (position > cleared)
        {
            RingZeroing.zero(ringAddress, capacity, cleared, position);
            UnsafeApi.putLongRelease(null, stateAddress + CONSUMER_CLEARED_OFFSET, position);
            cleared = position;
        }
    }
}
