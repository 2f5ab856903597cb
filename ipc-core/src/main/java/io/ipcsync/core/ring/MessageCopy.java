package io.ipcsync.core.ring;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Copies a message into a ring. A short message goes word by word, a longer one by
 * {@code putBytes} ({@code Unsafe.copyMemory}), whose fixed cost is large next to the hand-off of
 * a small message: word by word, an 8-byte SPSC {@code offer} went from 14.0 to 16.2 M msgs/s
 * (0.99 to 1.14 times Agrona's {@code write}) and an MPSC one from 9.2 to 16.0 M msgs/s (0.67 to
 * 1.10 times Agrona's {@code ManyToOneRingBuffer.write}), in alternating runs of
 * {@code InterleavedRace}; a broadcast one from 7.7-8.1 to 8.6-9.1 M msgs/s received (pinned JMH
 * runs, alternating).
 */
final class MessageCopy
{
    /** Messages up to this length are copied word by word. */
    static final int WORD_COPY_LIMIT = 64;

    private MessageCopy()
    {
    }

    /**
     * Copies {@code length} bytes from {@code source} at {@code offset} to {@code ring} at {@code index}.
     *
     * @param ring   where the message goes.
     * @param index  where in the ring.
     * @param source the message bytes.
     * @param offset where they start in the source.
     * @param length how many.
     */
    static void copy(final MutableDirectBuffer ring, final int index, final DirectBuffer source, final int offset, final int length)
    {
        if (length > WORD_COPY_LIMIT)
        {
            ring.putBytes(index, source, offset, length);
            return;
        }
        int i = 0;
        for (; i <= length - Long.BYTES; i += Long.BYTES)
        {
            ring.putLong(index + i, source.getLong(offset + i));
        }
        if ((length & Integer.BYTES) != 0)
        {
            ring.putInt(index + i, source.getInt(offset + i));
            i += Integer.BYTES;
        }
        if ((length & Short.BYTES) != 0)
        {
            ring.putShort(index + i, source.getShort(offset + i));
            i += Short.BYTES;
        }
        if ((length & 1) != 0)
        {
            ring.putByte(index + i, source.getByte(offset + i));
        }
    }
}
