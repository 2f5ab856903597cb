package io.ipcsync.core.ring;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;

/**
 * Copies a message into a ring. A short message goes word by word, a longer one by
 * {@code Unsafe.copyMemory}, whose fixed cost is large next to the hand-off of a small message:
 * word by word, an 8-byte SPSC {@code offer} went from 14.0 to 16.2 M msgs/s (0.99 to 1.14 times
 * Agrona's {@code write}) and an MPSC one from 9.2 to 16.0 M msgs/s (0.67 to 1.10 times Agrona's
 * {@code ManyToOneRingBuffer.write}), in alternating runs of {@code InterleavedRace}; a broadcast
 * one from 7.7-8.1 to 8.6-9.1 M msgs/s received (pinned JMH runs, alternating).
 *
 * <p>A producer checks the source range with {@link #checkSource} before it claims room, so a bad
 * range leaves no claim behind; the words are then moved without the bounds check that
 * {@code UnsafeBuffer} makes on every access (see {@link RingAccess} for why that matters). The
 * ring index is the caller's: a record it claimed, inside the ring by construction. A broadcast
 * subscriber copies records out of the ring into its private buffer the same way, after checking
 * that each record lies inside the ring and fits the buffer.
 */
final class MessageCopy
{
    /** Messages up to this length are copied word by word. */
    static final int WORD_COPY_LIMIT = 64;

    private MessageCopy()
    {
    }

    /**
     * Checks that a message lies inside its source buffer.
     *
     * @param source the message bytes.
     * @param offset where they start in the source.
     * @param length how many, zero or more.
     * @throws IndexOutOfBoundsException if the bytes are not all inside the source.
     */
    static void checkSource(final DirectBuffer source, final int offset, final int length)
    {
        if (offset < 0 || length > source.capacity() - offset)
        {
            throw outsideTheSource(source, offset, length);
        }
    }

    /**
     * Copies {@code length} bytes from {@code source} at {@code offset} to {@code ring} at {@code index}.
     *
     * @param ring   where the message goes: a ring, or a subscriber's private buffer.
     * @param index  where in it: a claimed record's message, {@code length} bytes inside it.
     * @param source the message bytes.
     * @param offset where they start in the source.
     * @param length how many, zero or more, inside the source ({@link #checkSource}).
     */
    static void copy(final MutableDirectBuffer ring, final int index, final DirectBuffer source, final int offset, final int length)
    {
        final byte[] to = ring.byteArray();
        final long toAddress = ring.addressOffset() + index;
        final byte[] from = source.byteArray();
        final long fromAddress = source.addressOffset() + offset;
        if (length > WORD_COPY_LIMIT)
        {
            UnsafeApi.copyMemory(from, fromAddress, to, toAddress, length);
            return;
        }
        int i = 0;
        for (; i <= length - Long.BYTES; i += Long.BYTES)
        {
            UnsafeApi.putLong(to, toAddress + i, UnsafeApi.getLong(from, fromAddress + i));
        }
        if ((length & Integer.BYTES) != 0)
        {
            UnsafeApi.putInt(to, toAddress + i, UnsafeApi.getInt(from, fromAddress + i));
            i += Integer.BYTES;
        }
        if ((length & Short.BYTES) != 0)
        {
            UnsafeApi.putShort(to, toAddress + i, UnsafeApi.getShort(from, fromAddress + i));
            i += Short.BYTES;
        }
        if ((length & 1) != 0)
        {
            UnsafeApi.putByte(to, toAddress + i, UnsafeApi.getByte(from, fromAddress + i));
        }
    }

    private static IndexOutOfBoundsException outsideTheSource(final DirectBuffer source, final int offset, final int length)
    {
        return new IndexOutOfBoundsException("message of " + length + " bytes at offset " + offset +
            " is not inside its source buffer of " + source.capacity() + " bytes");
    }
}
