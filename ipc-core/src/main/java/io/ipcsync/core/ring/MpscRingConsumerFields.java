package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.RecordDescriptor.HEADER_LENGTH;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelMode;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The state of a {@link MpscRingConsumer}, between {@link LeftPadding} and the padding the final
 * class declares: the consumer thread writes these fields on every poll.
 */
abstract class MpscRingConsumerFields extends LeftPadding
{
    final ChannelFile file;
    final AtomicBuffer ring;
    final AtomicBuffer state;
    final long ringAddress;
    final long stateAddress;
    final int capacity;
    final int mask;
    final int maxRecordLength;
    final Party party;
    final PartyWatch producerWatch;
    final long livenessIntervalNanos;
    final long claimTimeoutNanos;
    final long maxStuckStepNanos;

    long head;
    long messagesReceived;
    long bytesReceived;
    long claimsSkipped;
    boolean closed;
    int watchCalls;

    /** Ring position of the uncommitted claim the consumer is waiting at; -1 for none. */
    long stuckPosition = -1;
    long stuckLastSeenNanos;
    long stuckForNanos;
    long nextStuckCheckNanos;

    /** Attaches; see {@link MpscRingConsumer#MpscRingConsumer}. */
    MpscRingConsumerFields(final ChannelFile file, final long livenessIntervalNanos, final long claimTimeoutNanos)
    {
        RingChecks.requireMode(file, ChannelMode.MPSC);
        if (livenessIntervalNanos < 0 || claimTimeoutNanos < 0)
        {
            throw new IllegalArgumentException("livenessIntervalNanos " + livenessIntervalNanos + " and claimTimeoutNanos " +
                claimTimeoutNanos + " must be zero or positive");
        }
        this.file = file;
        this.ring = file.ring();
        this.state = file.header();
        this.ringAddress = RingAccess.addressOf(ring);
        this.stateAddress = RingAccess.addressOf(state);
        this.capacity = file.layout().capacity();
        this.mask = capacity - 1;
        this.maxRecordLength = file.layout().maxMessageLength() + HEADER_LENGTH;
        this.livenessIntervalNanos = livenessIntervalNanos;
        this.claimTimeoutNanos = claimTimeoutNanos;
        // a consumer that was itself paused (GC, descheduled) must not count the pause against a claimant
        this.maxStuckStepNanos = Math.max(claimTimeoutNanos / 4, 1_000_000L);
        this.producerWatch = new PartyWatch(state, PartyTableDescriptor.ROLE_PRODUCER, livenessIntervalNanos);
        final long head = state.getLongVolatile(MpscRingDescriptor.HEAD_POSITION_OFFSET);
        final long tail = state.getLongVolatile(MpscRingDescriptor.TAIL_POSITION_OFFSET);
        RingChecks.checkPositions(file, head, tail);
        final long read = readPosition(file, state, head, tail);
        this.party = Party.attach(file, PartyTableDescriptor.ROLE_CONSUMER, true);
        if (read != head)
        {
            // the consumer before this one died while it zeroed what it had handed over: finish that
            RingZeroing.zero(ringAddress, capacity, head, read);
            state.putLongRelease(MpscRingDescriptor.HEAD_POSITION_OFFSET, read);
        }
        this.head = read;
        this.messagesReceived = state.getLong(party.offset() + PartyTableDescriptor.MESSAGES_FIELD);
        this.bytesReceived = state.getLong(party.offset() + PartyTableDescriptor.BYTES_FIELD);
        this.claimsSkipped = state.getLong(MpscRingDescriptor.CLAIMS_SKIPPED_OFFSET);
    }

    /**
     * Returns where this consumer starts: the read position the consumer before it recorded, if it
     * is past the head (that consumer died before it had zeroed what it read), else the head (zero
     * in a file of an earlier version means the head too).
     *
     * @throws io.ipcsync.core.CorruptChannelException if the read position is past the head but not
     *         aligned, or past the tail.
     */
    private static long readPosition(final ChannelFile file, final AtomicBuffer state, final long head, final long tail)
    {
        final long read = state.getLongVolatile(MpscRingDescriptor.READ_POSITION_OFFSET);
        if (read - head <= 0)
        {
            return head;
        }
        if (!RingChecks.isWithinARingBehind(read, tail, file.layout().capacity()))
        {
            throw RingChecks.corrupt(file, read, "the read position is not aligned or is past the tail " + tail +
                " (head " + head + ")");
        }
        return read;
    }
}
