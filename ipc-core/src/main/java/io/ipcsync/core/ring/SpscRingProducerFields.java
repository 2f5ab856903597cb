package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.RecordDescriptor.HEADER_LENGTH;
import static io.ipcsync.core.ring.SpscRingDescriptor.ANNOUNCEMENT_IN_FORCE_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_HEARTBEAT_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_OWNER_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_CLEARED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.CONSUMER_START_TIME_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.FULL_EVENTS_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_CLOSED_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_HEARTBEAT_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_OWNER_OFFSET;
import static io.ipcsync.core.ring.SpscRingDescriptor.PRODUCER_START_TIME_OFFSET;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelMode;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The state of a {@link SpscRingProducer}, between {@link LeftPadding} and the padding the final
 * class declares: the producer thread writes these fields on every message.
 */
abstract class SpscRingProducerFields extends LeftPadding
{
    final ChannelFile file;
    final AtomicBuffer ring;
    final AtomicBuffer state;
    final long ringAddress;
    final long stateAddress;
    final int capacity;
    final int mask;
    final int maxMessageLength;
    final int announceInterval;
    final long ownerToken;
    final PeerWatch consumerWatch;

    long tail;
    long announcedTail;
    int announcementInForce;
    long headCache;
    long messagesSent;
    long bytesSent;
    long fullEvents;
    int claimedRecordIndex = -1;
    int claimedRecordLength;
    boolean closed;
    int watchCalls;

    /** Attaches; see {@link SpscRingProducer#SpscRingProducer}. */
    SpscRingProducerFields(final ChannelFile file, final long livenessIntervalNanos)
    {
        this(RingChecks.requireMode(file, ChannelMode.SPSC), file.header(), file.ring(), livenessIntervalNanos,
            Ownership.attach(file, file.header(), "producer", PRODUCER_OWNER_OFFSET, PRODUCER_START_TIME_OFFSET,
                PRODUCER_HEARTBEAT_OFFSET));
    }

    /**
     * Attaches as the producer of a ring whose producer side the caller has taken: the file's one
     * ring, or a lane of an MPSC file.
     */
    SpscRingProducerFields(
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
        this.maxMessageLength = file.layout().maxMessageLength();
        this.announceInterval = SpscRingDescriptor.announceInterval(capacity);
        this.consumerWatch = new PeerWatch(
            state, CONSUMER_OWNER_OFFSET, CONSUMER_START_TIME_OFFSET, CONSUMER_HEARTBEAT_OFFSET, livenessIntervalNanos);
        this.ownerToken = ownerToken;

        final long cleared = state.getLongVolatile(CONSUMER_CLEARED_OFFSET);
        final SpscCommittedTail committed = SpscCommittedTail.walk(file.path(), file.layout(), state, ring);
        this.tail = committed.position();
        this.headCache = cleared;
        // a producer that died may have written part of one record after the last it committed
        // (at most the largest record, within the space the consumer had handed back): zero it, as
        // the length word after each record this producer publishes must be zero (see RingZeroing)
        final long written = Math.min(tail + RecordDescriptor.align(maxMessageLength + HEADER_LENGTH) + HEADER_LENGTH,
            cleared + capacity);
        if (written > tail)
        {
            RingZeroing.zero(ringAddress, capacity, tail, written);
        }
        this.messagesSent = committed.messages();
        this.bytesSent = committed.bytes();
        this.fullEvents = state.getLong(FULL_EVENTS_OFFSET);
        this.announcementInForce = state.getIntVolatile(ANNOUNCEMENT_IN_FORCE_OFFSET) & 1;
        announce();
        state.putIntRelease(PRODUCER_CLOSED_OFFSET, 0);
    }

    /**
     * Stores the position and the counters in the header, for a producer that attaches after
     * this one and for snapshots: in the announcement not in force, which it then puts in force
     * (see {@link SpscRingDescriptor}). Not after every record: three more stores per message halved
     * the rate of 8-byte messages (measured turn by turn in {@code InterleavedRace}); readers walk
     * the records committed after the stored position instead ({@link SpscCommittedTail}).
     */
    final void announce()
    {
        final long tail = this.tail;
        final int next = announcementInForce ^ 1;
        final int offset = SpscRingDescriptor.announcementOffset(next);
        final long address = stateAddress + offset;
        UnsafeApi.putLong(null, address, tail);
        UnsafeApi.putLong(null, address + Long.BYTES, messagesSent);
        UnsafeApi.putLong(null, address + 2 * Long.BYTES, bytesSent);
        UnsafeApi.putIntRelease(null, stateAddress + ANNOUNCEMENT_IN_FORCE_OFFSET, next);
        announcementInForce = next;
        announcedTail = tail;
    }

}
