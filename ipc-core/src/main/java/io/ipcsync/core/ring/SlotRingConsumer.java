package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.PartyTableDescriptor.BYTES_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.MESSAGES_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_PRODUCER;
import static io.ipcsync.core.ring.SlotRingDescriptor.ABANDONED;
import static io.ipcsync.core.ring.SlotRingDescriptor.COMMITTED;
import static io.ipcsync.core.ring.SlotRingDescriptor.HEAD_OFFSET;
import static io.ipcsync.core.ring.SlotRingDescriptor.LENGTH_FIELD;
import static io.ipcsync.core.ring.SlotRingDescriptor.MESSAGE_FIELD;
import static io.ipcsync.core.ring.SlotRingDescriptor.SKIP_TYPE_ID;
import static io.ipcsync.core.ring.SlotRingDescriptor.STATE_BITS;
import static io.ipcsync.core.ring.SlotRingDescriptor.TAIL_OFFSET;
import static io.ipcsync.core.ring.SlotRingDescriptor.TYPE_FIELD;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.CorruptChannelException;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A consumer of a slot ring ({@link SlotRingDescriptor}), one of many: each message goes to
 * exactly one consumer, and each consumer sees the messages of one producer in the order that
 * producer sent them. Not thread-safe: one thread at a time calls it; give each consuming thread
 * its own consumer.
 *
 * <p>A consumer takes one message at a time (a CAS on the head), hands it to the handler while it
 * still lies in the slot, and releases the slot when the handler returns. So a consumer whose
 * process dies loses at most one message: the one its handler was given and had not returned from
 * (delivered to that consumer, and lost with it). A consumer that dies between polls loses
 * nothing. A handler that runs long holds its slot that long: producers wait at that slot when
 * their lap comes back to it, so copy out what takes long to process.
 *
 * <p>When the position at the head was claimed but is not committed, the consumers wait for it,
 * then skip it once its producer is seen dead (within the liveness interval) or once it has been
 * open longer than the claim timeout; everything committed before and after it is delivered.
 */
public final class SlotRingConsumer extends SlotRingConsumerFields implements AutoCloseable
{
    /** {@link #poll} status: every producer closed the channel and every message was taken. */
    public static final int CLOSED = -1;
    /** {@link #poll} status: no producer is alive, one died, and every committed message was taken. */
    public static final int PEER_DEAD = -2;

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
     * Attaches as a consumer of an SPMC or MPMC channel file.
     *
     * @param file                  an open SPMC or MPMC channel file; the consumer does not close it.
     * @param livenessIntervalNanos how often, at most, an empty ring checks whether producers died, and
     *                              a stuck claim whether its producer died.
     * @param claimTimeoutNanos     how long a claim of a live producer may stay open before it is skipped.
     * @throws IllegalArgumentException if the file is of another mode.
     * @throws io.ipcsync.core.IpcsyncException if the party table is full.
     * @throws io.ipcsync.core.ChannelFileException if the slot geometry recorded in the file differs.
     */
    public SlotRingConsumer(final ChannelFile file, final long livenessIntervalNanos, final long claimTimeoutNanos)
    {
        super(file, livenessIntervalNanos, claimTimeoutNanos);
    }

    /**
     * Takes up to {@code limit} messages, handing each to the handler. If the handler throws, the
     * messages before it and the one it threw on count as taken.
     *
     * @param handler receives each message.
     * @param limit   the most messages to take in this call.
     * @return how many messages were taken; 0 when none are ready; {@link #CLOSED} or
     *         {@link #PEER_DEAD} when none are ready and none will come.
     * @throws CorruptChannelException if a slot holds an impossible state word, length or type.
     * @throws IllegalStateException if a slot this consumer held was freed by a producer that saw this
     *         process as dead (parties in different pid namespaces).
     */
    public int poll(final RecordHandler handler, final int limit)
    {
        if (closed)
        {
            throw new ChannelClosedException(file.path() + ": this consumer was closed");
        }
        final AtomicBuffer ring = this.ring;
        final long ringAddress = this.ringAddress;
        int count = 0;
        long bytes = 0;
        try
        {
            while (count < limit)
            {
                final long position = take();
                if (position < 0)
                {
                    break;
                }
                final int index = slotIndex(position);
                try
                {
                    final int length = UnsafeApi.getInt(null, ringAddress + index + LENGTH_FIELD);
                    final int typeId = UnsafeApi.getInt(null, ringAddress + index + TYPE_FIELD);
                    if (length < 0 || length > maxMessageLength || typeId < SKIP_TYPE_ID)
                    {
                        throw corruptSlot(position, length, typeId);
                    }
                    if (typeId != SKIP_TYPE_ID)
                    {
                        count++;
                        bytes += length;
                        handler.onMessage(typeId, ring, index + MESSAGE_FIELD, length);
                    }
                }
                finally
                {
                    release(position, index);
                }
            }
        }
        finally
        {
            if (count > 0)
            {
                UnsafeApi.putLong(null, partyAddress + MESSAGES_FIELD, messagesReceived += count);
                UnsafeApi.putLong(null, partyAddress + BYTES_FIELD, bytesReceived += bytes);
            }
        }
        return count > 0 ? count : emptyStatus();
    }

    /**
     * Takes the position at the head, recording it in this party's slot first so that a producer
     * can tell whose it is; returns -1 when no committed message is at the head.
     */
    private long take()
    {
        final long ringAddress = this.ringAddress;
        final long headAddress = stateAddress + HEAD_OFFSET;
        final long recordAddress = stateAddress + recordOffset;
        long head = UnsafeApi.getLongVolatile(null, headAddress);
        while (true)
        {
            final int index = slotIndex(head);
            final long word = UnsafeApi.getLongVolatile(null, ringAddress + index);
            final long free = freeWord(head);
            if (word == (free | COMMITTED))
            {
                UnsafeApi.putLong(null, recordAddress, SlotRingDescriptor.claimRecord(head));
                if (UnsafeApi.compareAndSetLong(null, headAddress, head, head + 1))
                {
                    return head;
                }
                UnsafeApi.putLong(null, recordAddress, 0); // not ours: a stale record would hold up recovery of a dead taker
                head = UnsafeApi.getLongVolatile(null, headAddress);
            }
            else if (word == free)
            {
                if (!skipStuckClaim(head, index, free))
                {
                    return -1; // empty, or a claim in progress
                }
                head = UnsafeApi.getLongVolatile(null, headAddress);
            }
            else
            {
                final long fresh = UnsafeApi.getLongVolatile(null, headAddress);
                if (fresh != head)
                {
                    head = fresh;
                    continue;
                }
                if (word - free < 0)
                {
                    if (word - freeWord(head - slotCount) < 0 || SlotRingDescriptor.stateOf(word) > ABANDONED)
                    {
                        throw corruptWord(head, word);
                    }
                    return -1; // the slot's previous lap is not released yet, so nothing was claimed here
                }
                if (word - free > (1L << STATE_BITS) + COMMITTED || SlotRingDescriptor.stateOf(word) > ABANDONED)
                {
                    throw corruptWord(head, word);
                }
                // ABANDONED, or already freed for the next lap: the position is done, move the head past it
                state.compareAndSetLong(HEAD_OFFSET, head, head + 1);
                head = state.getLongVolatile(HEAD_OFFSET);
            }
        }
    }

    /**
     * The slot at the head is free: the ring is empty there, or the position is claimed and not
     * committed. Skips a claim (returning true) once its producer is seen dead or gone, or once it
     * has been stuck for the claim timeout. Looks at the tail and the clock only once per many
     * calls, since a claim is normally committed within nanoseconds: a consumer waiting at an empty
     * ring then leaves the tail's line to the producers, whose claims write it.
     */
    private boolean skipStuckClaim(final long head, final int index, final long free)
    {
        if (head != stuckPosition)
        {
            stuckPosition = head;
            stuckPolls = 0;
            stuckSinceNanos = 0;
            return false;
        }
        if ((++stuckPolls & (PeerWatch.CALLS_BETWEEN_CLOCK_READS - 1)) != 0)
        {
            return false;
        }
        if (UnsafeApi.getLongVolatile(null, stateAddress + TAIL_OFFSET) - head <= 0)
        {
            stuckSinceNanos = 0; // empty: no claim here, so no time runs against one
            return false;
        }
        final long now = System.nanoTime();
        if (stuckSinceNanos == 0)
        {
            stuckSinceNanos = now;
            nextClaimCheckNanos = now;
        }
        boolean skip = now - stuckSinceNanos >= claimTimeoutNanos;
        if (!skip && now - nextClaimCheckNanos >= 0)
        {
            nextClaimCheckNanos = now + livenessIntervalNanos;
            skip = !heldByLiveParty(state, ROLE_PRODUCER, head);
        }
        if (!skip)
        {
            return false;
        }
        ring.compareAndSetLong(index, free, free | ABANDONED); // fails if it was committed meanwhile: then take it
        return true;
    }

    /**
     * Hands the slot to the next lap with a release store, unless a producer revoked this
     * consumer's record because it saw this process as dead (and freed the slot itself). No atomic
     * read-modify-write: that one per message was what held SPMC behind JCTools (1x1, 8-byte
     * messages, 20 placements each: 0.69-0.88 of JCTools with a CAS here, 1.36-1.85 with the
     * store). A consumer that only looked dead (another pid namespace) and checked its record in
     * the few instructions before the revocation stores FREE over a slot a producer may have used
     * again: that message of the next lap is then lost, without an exception. In MPMC the store at
     * first fell to about 4 M messages/s in 12 of 18 placements (1x1): a consumer waiting at an
     * empty ring read the tail on every poll, taking its line from the producers' claim CAS; since
     * it reads the tail once per many polls ({@link #skipStuckClaim}) the store runs there too.
     */
    private void release(final long position, final int index)
    {
        if (UnsafeApi.getLongVolatile(null, stateAddress + recordOffset) != SlotRingDescriptor.claimRecord(position))
        {
            throw releasedByAProducer(position);
        }
        UnsafeApi.putLongRelease(null, ringAddress + index, freeWord(position) + (1L << STATE_BITS));
    }

    private IllegalStateException releasedByAProducer(final long position)
    {
        return new IllegalStateException(file.path() + ": the slot of position " + position + " was freed by a " +
            "producer while this consumer held it: it saw this process as dead (are the parties in different " +
            "pid namespaces?); the message may have been overwritten while the handler read it");
    }

    private CorruptChannelException corruptSlot(final long position, final int length, final int typeId)
    {
        return new CorruptChannelException(file.path(), "corrupt slot for position " + position +
            ": message length " + length + " (max " + maxMessageLength + "), type " + typeId);
    }

    private int emptyStatus()
    {
        final int producers = (++watchCalls & (PeerWatch.CALLS_BETWEEN_CLOCK_READS - 1)) == 0 ?
            producerWatch.poll(party) : producerWatch.lastStatus();
        if ((producers == PartyWatch.CLOSED || producers == PartyWatch.DEAD) &&
            state.getLongVolatile(TAIL_OFFSET) - state.getLongVolatile(HEAD_OFFSET) <= 0)
        {
            return producers == PartyWatch.CLOSED ? CLOSED : PEER_DEAD;
        }
        return 0;
    }

    /**
     * Returns how many positions were claimed and not yet taken or skipped, by any consumer.
     *
     * @return how many positions were claimed and not yet taken or skipped, by any consumer.
     */
    public long backlog()
    {
        final long head = state.getLongVolatile(HEAD_OFFSET);
        return Math.max(0, state.getLongVolatile(TAIL_OFFSET) - head);
    }

    /**
     * Returns true while at least one producer is attached and alive (checks the process table now).
     *
     * @return true while at least one producer is attached and alive (checks the process table now).
     */
    public boolean isProducerAlive()
    {
        return producerWatch.check() == PartyWatch.ALIVE;
    }

    /**
     * Returns the file this consumer reads.
     *
     * @return the file this consumer reads.
     */
    public ChannelFile file()
    {
        return file;
    }

    /**
     * Gives up this consumer's party slot; when it was the last consumer, producers' next calls fail
     * with {@link ChannelClosedException}. It holds no slot between polls, so nothing is lost.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            party.close();
        }
    }
}
