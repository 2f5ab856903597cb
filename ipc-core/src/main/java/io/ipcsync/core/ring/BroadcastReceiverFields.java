package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.BroadcastRingDescriptor.HEADER_LENGTH;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.PRODUCER_HEARTBEAT_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.PRODUCER_OWNER_OFFSET;
import static io.ipcsync.core.ring.BroadcastRingDescriptor.PRODUCER_START_TIME_OFFSET;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelMode;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The state of a {@link BroadcastReceiver}, between {@link LeftPadding} and the padding the final
 * class declares: the subscriber thread writes these fields on every poll.
 */
abstract class BroadcastReceiverFields extends LeftPadding
{
    final ChannelFile file;
    final AtomicBuffer ring;
    final AtomicBuffer state;
    final long ringAddress;
    final long stateAddress;
    final int capacity;
    final int mask;
    final int maxRecordLength;
    final UnsafeBuffer scratch;
    /** The array under {@link #scratch}, and the offset of its first byte: its records are read with {@code UnsafeApi}. */
    final byte[] scratchArray;
    final long scratchBase;
    final PeerWatch producerWatch;
    final long livenessIntervalNanos;

    long cursor;
    long nextSequence;
    long messagesReceived;
    long lostMessages;
    long laps;
    long nextWatchNanos;
    int watchCalls;
    boolean lapPending;
    /**
     * The run being copied stopped at a header that is not a message's, whose length and type are
     * {@link #stopLength} and {@link #stopType}; set by each copy of a run.
     */
    boolean runStopped;
    int stopLength;
    int stopType;
    boolean closed;

    /** Joins; see {@link BroadcastReceiver#BroadcastReceiver}. */
    BroadcastReceiverFields(final ChannelFile file, final long livenessIntervalNanos)
    {
        RingChecks.requireMode(file, ChannelMode.BROADCAST);
        this.file = file;
        this.ring = file.ring();
        this.state = file.header();
        this.ringAddress = RingAccess.addressOf(ring);
        this.stateAddress = RingAccess.addressOf(state);
        this.capacity = file.layout().capacity();
        this.mask = capacity - 1;
        this.maxRecordLength = file.layout().maxMessageLength() + HEADER_LENGTH;
        this.scratch = new UnsafeBuffer(
            new byte[Math.max(BroadcastRingDescriptor.BATCH_BYTES, RecordDescriptor.align(maxRecordLength))]);
        this.scratchArray = scratch.byteArray();
        this.scratchBase = scratch.addressOffset();
        this.livenessIntervalNanos = livenessIntervalNanos;
        this.producerWatch = new PeerWatch(
            state, PRODUCER_OWNER_OFFSET, PRODUCER_START_TIME_OFFSET, PRODUCER_HEARTBEAT_OFFSET, livenessIntervalNanos);
    }
}
