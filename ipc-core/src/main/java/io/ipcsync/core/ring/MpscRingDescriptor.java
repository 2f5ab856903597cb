package io.ipcsync.core.ring;

import io.ipcsync.core.ChannelFileDescriptor;
import java.nio.ByteOrder;

/**
 * Layout of the ring state of an MPSC channel, inside the header page after the common fields of
 * {@link ChannelFileDescriptor} and before the party table ({@link PartyTableDescriptor}), which
 * holds who is attached, the per-party counters and each producer's claim position.
 *
 * <pre>
 *  offset  field                          written by
 *  ------  -----------------------------  ------------------------------------------
 *   256    tail position (long)           producers, by CAS: the end of the last claim
 *   384    head position (long)           consumer, release store after each poll, once it zeroed what
 *                                         it read: producers claim up to a ring past it
 *   392    claims skipped (long)          consumer: abandoned claims it turned into padding
 *   400    read position (long)           consumer, release store after each poll, before it zeroes
 *                                         what it read: where the next consumer starts
 * </pre>
 *
 * The tail line is written by every producer and the head line only by the consumer; they sit
 * 128 bytes apart, so the consumer's stores never invalidate the line producers CAS (nor its
 * adjacent-line prefetch pair). Each producer keeps its own cache of the head in its object, so
 * producers read the head line only when their cache says the ring is full.
 *
 * <p>A producer claims space by CAS of the tail from {@code t} to {@code t + space}, after storing
 * {@code t} as its claim position in its party slot (so every claim position a slot shows is a
 * record boundary), then writes the record header with a negative length ("claimed, not
 * committed") and its type in one release store, the message, and finally, if its slot still
 * shows {@code t}, stores the length positive with release semantics ("committed"). The consumer
 * reads committed records in order, release-stores the read position past them, zeroes them and
 * then release-stores the head, so every claim starts from zeroed memory. A consumer killed while
 * it zeroed leaves records torn behind the read position and before the head; the next consumer
 * zeroes from the head to the read position, moves the head there and starts there, so it neither
 * parses what was half zeroed nor hands over again what the dead one had handed over. (A file of
 * an earlier version has zero there: below the head, it means the head.)
 *
 * <p>A record of type {@link RecordDescriptor#PADDING_TYPE_ID} carries no message: it fills the
 * space before the end of the ring, or replaces a claim that was aborted or skipped; the consumer
 * moves on by its length rounded up to {@link RecordDescriptor#ALIGNMENT}. To skip a claim whose
 * claimant is alive but timed out, the consumer first replaces the claim position {@code t} in
 * every producer slot that shows it by {@code ~t} (a negative value), then turns
 * the header into padding by CAS, keeping the length word: a claimant that checked its slot just
 * before the revocation and stores its length afterwards leaves that padding as it was.
 */
public final class MpscRingDescriptor
{
    /** Offset of the tail position, the line producers CAS. */
    public static final int TAIL_POSITION_OFFSET;
    /** Offset of the head position, the consumer's line. */
    public static final int HEAD_POSITION_OFFSET;
    /** Offset of the count of abandoned claims the consumer skipped. */
    public static final int CLAIMS_SKIPPED_OFFSET;
    /** Offset of the read position: how far the consumer handed records over, on the head's line. */
    public static final int READ_POSITION_OFFSET;
    /** Distance between the two hot lines. */
    public static final int LINE_LENGTH = 128;

    static
    {
        final int control = ChannelFileDescriptor.RING_STATE_OFFSET;
        TAIL_POSITION_OFFSET = control + LINE_LENGTH;
        HEAD_POSITION_OFFSET = TAIL_POSITION_OFFSET + LINE_LENGTH;
        CLAIMS_SKIPPED_OFFSET = HEAD_POSITION_OFFSET + Long.BYTES;
        READ_POSITION_OFFSET = CLAIMS_SKIPPED_OFFSET + Long.BYTES;
    }

    /** The record header is read and written as one long; its length word comes first in memory. */
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private MpscRingDescriptor()
    {
    }

    /**
     * Returns a record header as one long, to be stored at the record's index with a single store.
     *
     * @param recordLength the length word: negative while claimed, positive once committed.
     * @param typeId       the type word.
     * @return the 8 header bytes as a long in native order.
     */
    static long header(final int recordLength, final int typeId)
    {
        return LITTLE_ENDIAN ?
            ((long)typeId << 32) | (recordLength & 0xFFFF_FFFFL) :
            ((long)recordLength << 32) | (typeId & 0xFFFF_FFFFL);
    }

    /**
     * Returns what the consumer stores in a producer's slot to revoke the claim at a position.
     *
     * @param claimPosition the claim position the slot showed, zero or positive.
     * @return a negative value, from which {@link #isRevoked} tells the revocation.
     */
    static long revoked(final long claimPosition)
    {
        return ~claimPosition;
    }

    /**
     * Returns true if a slot's claim position is a revoked claim.
     *
     * @param slotClaimPosition the claim position field of a producer slot.
     * @return true if the consumer revoked the claim it names.
     */
    static boolean isRevoked(final long slotClaimPosition)
    {
        return slotClaimPosition < 0;
    }

    /**
     * Returns the claim position a producer slot's claim position field names, revoked or not.
     *
     * @param slotClaimPosition the claim position field of a producer slot.
     * @return the position, zero or positive.
     */
    public static long claimPosition(final long slotClaimPosition)
    {
        return isRevoked(slotClaimPosition) ? ~slotClaimPosition : slotClaimPosition;
    }

    /**
     * Returns the length word of a header read as one long.
     *
     * @param header a header from {@link #header}.
     * @return its length word.
     */
    static int recordLength(final long header)
    {
        return LITTLE_ENDIAN ? (int)header : (int)(header >>> 32);
    }

    /**
     * Returns the type word of a header read as one long.
     *
     * @param header a header from {@link #header}.
     * @return its type word.
     */
    static int typeId(final long header)
    {
        return LITTLE_ENDIAN ? (int)(header >>> 32) : (int)header;
    }
}
