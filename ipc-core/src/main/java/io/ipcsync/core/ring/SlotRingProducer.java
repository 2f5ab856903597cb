package io.ipcsync.core.ring;

import static io.ipcsync.core.ring.PartyTableDescriptor.BYTES_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.CONSUMERS_CLOSED_OFFSET;
import static io.ipcsync.core.ring.PartyTableDescriptor.FULL_EVENTS_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.MESSAGES_FIELD;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_CONSUMER;
import static io.ipcsync.core.ring.PartyTableDescriptor.ROLE_PRODUCER;
import static io.ipcsync.core.ring.SlotRingDescriptor.ABANDONED;
import static io.ipcsync.core.ring.SlotRingDescriptor.COMMITTED;
import static io.ipcsync.core.ring.SlotRingDescriptor.FREE;
import static io.ipcsync.core.ring.SlotRingDescriptor.HEAD_OFFSET;
import static io.ipcsync.core.ring.SlotRingDescriptor.LENGTH_FIELD;
import static io.ipcsync.core.ring.SlotRingDescriptor.MESSAGE_FIELD;
import static io.ipcsync.core.ring.SlotRingDescriptor.SKIP_TYPE_ID;
import static io.ipcsync.core.ring.SlotRingDescriptor.STATE_BITS;
import static io.ipcsync.core.ring.SlotRingDescriptor.TAIL_OFFSET;
import static io.ipcsync.core.ring.SlotRingDescriptor.TYPE_FIELD;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.PeerDeadException;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A producer of a slot ring ({@link SlotRingDescriptor}): one of many in an MPMC channel, which
 * claim positions by CAS on the tail, or the only one of an SPMC channel, which needs no CAS. Each
 * message goes to exactly one consumer. Not thread-safe: one thread at a time calls it; give each
 * producing thread its own producer.
 *
 * <p>A claim ({@link #tryClaim}, or the claim inside {@link #offer}) that stays open longer than
 * the consumers' claim timeout is skipped by them so that the messages after it flow on; its
 * {@link #commit} then fails with an {@link IllegalStateException} and the message is not
 * delivered. The slot of a skipped claim is reused only once its producer has committed or
 * aborted, or died, so a slow producer never writes over another's message.
 *
 * <p>When a lap comes back to a slot that a consumer took and never released because its process
 * died, this producer frees the slot (once per liveness interval at most); the message the dead
 * consumer had taken is lost with it. A live consumer's slot is never taken away, however long its
 * handler runs.
 */
public final class SlotRingProducer extends SlotRingProducerFields implements AutoCloseable
{
    /** {@link #tryClaim} found no free slot: the consumers are behind. */
    public static final int INSUFFICIENT_CAPACITY = -2;

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
     * Attaches as a producer of an SPMC or MPMC channel file.
     *
     * @param file                  an open SPMC or MPMC channel file; the producer does not close it.
     * @param livenessIntervalNanos how often, at most, a full ring checks whether consumers died, and
     *                              whether a slot it waits for is held by a dead party.
     * @throws IllegalArgumentException if the file is of another mode.
     * @throws io.ipcsync.core.IpcsyncException if the file is SPMC and a live producer is attached, or
     *         the party table is full.
     * @throws io.ipcsync.core.ChannelFileException if the slot geometry recorded in the file differs.
     */
    public SlotRingProducer(final ChannelFile file, final long livenessIntervalNanos)
    {
        super(file, livenessIntervalNanos);
    }

    /**
     * Copies a message into a slot.
     *
     * @param typeId message type, zero or positive.
     * @param source the bytes.
     * @param offset where they start in the source.
     * @param length how many, up to the channel's max message length.
     * @return true when written; false when the ring is full.
     * @throws ChannelClosedException if every consumer closed the channel ({@link PeerDeadException} if the
     *         ring is full and every consumer died).
     * @throws IllegalStateException if a claim is open, or if the consumers skipped this message because
     *         the thread stalled longer than the claim timeout between claim and commit.
     */
    public boolean offer(final int typeId, final DirectBuffer source, final int offset, final int length)
    {
        checkMessage(typeId, length);
        MessageCopy.checkSource(source, offset, length);
        final long position = claim();
        if (position < 0)
        {
            return false;
        }
        final int index = slotIndex(position);
        MessageCopy.copy(ring, index + MESSAGE_FIELD, source, offset, length);
        publish(position, index, typeId, length);
        return true;
    }

    /**
     * Writes an 8-byte message holding one {@code long}, without a source buffer.
     *
     * @param typeId message type, zero or positive.
     * @param value  the message.
     * @return true when written; false when the ring is full.
     * @throws ChannelClosedException as {@link #offer}.
     * @throws IllegalStateException as {@link #offer}.
     */
    public boolean offerLong(final int typeId, final long value)
    {
        checkMessage(typeId, Long.BYTES);
        final long position = claim();
        if (position < 0)
        {
            return false;
        }
        final int index = slotIndex(position);
        UnsafeApi.putLong(null, ringAddress + index + MESSAGE_FIELD, value);
        publish(position, index, typeId, Long.BYTES);
        return true;
    }

    /**
     * Claims a slot for a message to be written in place into {@link #buffer()}.
     *
     * @param typeId message type, zero or positive.
     * @param length the message length, up to the channel's max message length.
     * @return the index in {@link #buffer()} where the message goes, or {@link #INSUFFICIENT_CAPACITY}.
     * @throws IllegalStateException if an earlier claim was neither committed nor aborted.
     * @throws ChannelClosedException as {@link #offer}.
     */
    public int tryClaim(final int typeId, final int length)
    {
        checkMessage(typeId, length);
        final long position = claim();
        if (position < 0)
        {
            return INSUFFICIENT_CAPACITY;
        }
        final int index = slotIndex(position);
        UnsafeApi.putInt(null, ringAddress + index + TYPE_FIELD, typeId);
        claimedPosition = position;
        claimedIndex = index;
        claimedLength = length;
        return index + MESSAGE_FIELD;
    }

    /**
     * Publishes the claimed message.
     *
     * @param index the index {@link #tryClaim} returned.
     * @throws IllegalStateException if there is no claim at that index, or if the consumers skipped the
     *         claim because it stayed open longer than their claim timeout (the message is not delivered).
     */
    public void commit(final int index)
    {
        final long position = checkClaim(index);
        claimedPosition = -1;
        publish(position, claimedIndex, UnsafeApi.getInt(null, ringAddress + claimedIndex + TYPE_FIELD), claimedLength);
    }

    /**
     * Gives the claimed slot up; consumers skip it without a message.
     *
     * @param index the index {@link #tryClaim} returned.
     * @throws IllegalStateException if there is no claim at that index.
     */
    public void abort(final int index)
    {
        final long position = checkClaim(index);
        claimedPosition = -1;
        abortClaim(position, claimedIndex);
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
     * Returns the number of slots, the most messages the ring holds.
     *
     * @return the number of slots, the most messages the ring holds.
     */
    public int slotCount()
    {
        return slotCount;
    }

    /**
     * Returns the file this producer writes.
     *
     * @return the file this producer writes.
     */
    public ChannelFile file()
    {
        return file;
    }

    /**
     * Returns true while at least one consumer is attached and alive (checks the process table now).
     *
     * @return true while at least one consumer is attached and alive (checks the process table now).
     */
    public boolean isConsumerAlive()
    {
        return consumerWatch.check() == PartyWatch.ALIVE;
    }

    /**
     * Gives up this producer's party slot; when it was the last producer, consumers drain what was
     * committed, then see the channel closed. An open claim is aborted.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (claimedPosition >= 0)
            {
                final long position = claimedPosition;
                claimedPosition = -1;
                abortClaim(position, claimedIndex);
            }
            party.close();
        }
    }

    private void checkMessage(final int typeId, final int length)
    {
        if (ProducerChecks.refuses(closed, typeId, length, maxMessageLength) | claimedPosition >= 0)
        {
            throw refusal(typeId, length);
        }
        if (UnsafeApi.getIntVolatile(null, stateAddress + CONSUMERS_CLOSED_OFFSET) != 0 &&
            consumerStatus() == PartyWatch.CLOSED)
        {
            throw new ChannelClosedException(file.path() + ": the last consumer closed the channel");
        }
    }

    /** Why {@link #checkMessage} refused: built apart, so the checks compile small (see {@link RingAccess}). */
    private RuntimeException refusal(final int typeId, final int length)
    {
        if (!closed && claimedPosition >= 0)
        {
            return new IllegalStateException(file.path() + ": the previous claim was neither committed nor aborted");
        }
        return ProducerChecks.refusal(file, closed, typeId, length, maxMessageLength);
    }

    private long checkClaim(final int index)
    {
        final long position = claimedPosition;
        if (position < 0 || index != claimedIndex + MESSAGE_FIELD)
        {
            throw new IllegalStateException(file.path() + ": no claim at index " + index +
                (position < 0 ? " (nothing is claimed)" : " (the claim is at " + (claimedIndex + MESSAGE_FIELD) + ")"));
        }
        return position;
    }

    /** The consumers' status as of the last check, checking again once per many calls and interval. */
    private int consumerStatus()
    {
        return (++watchCalls & (PeerWatch.CALLS_BETWEEN_CLOCK_READS - 1)) == 0 ?
            consumerWatch.poll(party) : consumerWatch.lastStatus();
    }

    /**
     * Claims the next position and records it in this party's slot first, so that consumers can
     * tell whose claim it is; returns -1 when the slot the tail points at is not free yet.
     */
    private long claim()
    {
        final long ringAddress = this.ringAddress;
        final long tailAddress = stateAddress + TAIL_OFFSET;
        final long recordAddress = stateAddress + recordOffset;
        long tail = multiProducer ? UnsafeApi.getLongVolatile(null, tailAddress) : this.tail;
        while (true)
        {
            final int index = slotIndex(tail);
            final long word = UnsafeApi.getLongVolatile(null, ringAddress + index);
            final long free = freeWord(tail);
            if (word == free)
            {
                UnsafeApi.putLong(null, recordAddress, SlotRingDescriptor.claimRecord(tail));
                if (!multiProducer)
                {
                    this.tail = tail + 1;
                    UnsafeApi.putLongRelease(null, tailAddress, tail + 1); // orders the record before the claim
                    return tail;
                }
                if (UnsafeApi.compareAndSetLong(null, tailAddress, tail, tail + 1))
                {
                    return tail;
                }
                UnsafeApi.putLong(null, recordAddress, 0); // not ours: a stale record would hold up recovery of a dead claim
                tail = UnsafeApi.getLongVolatile(null, tailAddress);
            }
            else if (word < free)
            {
                if (!freePreviousLap(tail, index, word))
                {
                    return -1;
                }
            }
            else
            {
                final long fresh = multiProducer ? UnsafeApi.getLongVolatile(null, tailAddress) : tail;
                if (fresh == tail)
                {
                    throw corruptWord(tail, word); // nobody claimed this position, yet its slot is past it
                }
                tail = fresh;
            }
        }
    }

    /**
     * The slot at the tail still belongs to the previous lap: the ring is full, unless the party
     * that holds the slot died. Returns true when it freed the slot, false when the ring is full.
     */
    private boolean freePreviousLap(final long tail, final int index, final long word)
    {
        final long previous = tail - slotCount;
        final long previousFree = freeWord(previous);
        final int slotState = SlotRingDescriptor.stateOf(word);
        if (word - previousFree < 0 || slotState > ABANDONED)
        {
            throw corruptWord(tail, word);
        }
        state.putLong(party.offset() + FULL_EVENTS_FIELD, ++fullEvents);
        final int consumers = consumerStatus();
        if (consumers == PartyWatch.DEAD)
        {
            throw new PeerDeadException(file.path() + ": the ring is full and every consumer died without closing " +
                "(pid " + consumerWatch.lastDeadPid() + ")", consumerWatch.lastDeadPid());
        }
        if (slotState == FREE || (watchCalls & (PeerWatch.CALLS_BETWEEN_CLOCK_READS - 1)) != 0)
        {
            return false; // a claim of the previous lap is in progress: the consumers skip it if it is stuck
        }
        final long now = System.nanoTime();
        if (now - nextRecoveryNanos < 0)
        {
            return false;
        }
        nextRecoveryNanos = now + livenessIntervalNanos;
        final boolean holderGone = slotState == COMMITTED ?
            state.getLongVolatile(HEAD_OFFSET) > previous && !heldByLiveParty(state, ROLE_CONSUMER, previous) :
            !heldByLiveParty(state, ROLE_PRODUCER, previous);
        if (!holderGone)
        {
            return false;
        }
        if (slotState == COMMITTED)
        {
            revokeHolders(state, ROLE_CONSUMER, previous);
        }
        return ring.compareAndSetLong(index, word, freeWord(tail));
    }

    /**
     * Publishes a message with the CAS from FREE to COMMITTED; when that fails the consumers have
     * skipped the claim, so this gives the slot to the next lap and throws.
     */
    private void publish(final long position, final int index, final int typeId, final int length)
    {
        final long slot = ringAddress + index;
        UnsafeApi.putInt(null, slot + LENGTH_FIELD, length);
        UnsafeApi.putInt(null, slot + TYPE_FIELD, typeId);
        final long free = freeWord(position);
        if (!UnsafeApi.compareAndSetLong(null, slot, free, free | COMMITTED))
        {
            throw skipped(position, index, free);
        }
        UnsafeApi.putLong(null, partyAddress + MESSAGES_FIELD, ++messagesSent);
        UnsafeApi.putLong(null, partyAddress + BYTES_FIELD, bytesSent += length);
    }

    /** A claim the consumers skipped as stuck: releases the slot and says so. */
    private IllegalStateException skipped(final long position, final int index, final long free)
    {
        releaseSkipped(position, index, free);
        return new IllegalStateException(file.path() + ": the claim of position " + position + " stayed open " +
            "longer than the consumers' claim timeout and was skipped; the message was not delivered");
    }

    private void abortClaim(final long position, final int index)
    {
        final AtomicBuffer ring = this.ring;
        ring.putInt(index + LENGTH_FIELD, 0);
        ring.putInt(index + TYPE_FIELD, SKIP_TYPE_ID);
        final long free = freeWord(position);
        if (!ring.compareAndSetLong(index, free, free | COMMITTED))
        {
            releaseSkipped(position, index, free);
        }
    }

    /** Gives the slot of a claim the consumers skipped to the next lap: this producer no longer writes it. */
    private void releaseSkipped(final long position, final int index, final long free)
    {
        if (!ring.compareAndSetLong(index, free | ABANDONED, free + (1L << STATE_BITS)))
        {
            throw corruptWord(position, ring.getLongVolatile(index));
        }
    }
}
