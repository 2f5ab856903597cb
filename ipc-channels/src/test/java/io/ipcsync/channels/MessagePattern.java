package io.ipcsync.channels;

import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Test messages that carry their sequence number and a checksum of their content, so a reader
 * can tell a lost, repeated, reordered or torn message from a good one.
 *
 * <pre>
 *   0        8          12         16
 *   | seq    | length   | crc32c   | content derived from seq ... |
 * </pre>
 * Messages shorter than 16 bytes carry only the sequence number.
 */
final class MessagePattern
{
    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 4096;

    private final byte[] scratch = new byte[MAX_LENGTH];
    private final CRC32C crc = new CRC32C();

    private MessagePattern()
    {
    }

    static MessagePattern create()
    {
        return new MessagePattern();
    }

    /**
     * @return a length from 8 to 4096 bytes, log-uniform so that small and large messages both occur often.
     */
    static int randomLength(final SplittableRandom random)
    {
        final int bits = 3 + random.nextInt(10); // 8 .. 4096
        final int low = 1 << bits;
        return Math.min(MAX_LENGTH, low + random.nextInt(low));
    }

    /** Writes message {@code seq} of {@code length} bytes at {@code index}. */
    void write(final MutableDirectBuffer buffer, final int index, final long seq, final int length)
    {
        buffer.putLong(index, seq);
        if (length >= 16)
        {
            long value = seq * 0x9E3779B97F4A7C15L;
            for (int i = 16; i < length; i++)
            {
                value = value * 6364136223846793005L + 1442695040888963407L;
                scratch[i] = (byte)(value >>> 56);
            }
            crc.reset();
            crc.update(scratch, 16, length - 16);
            buffer.putInt(index + 8, length);
            buffer.putInt(index + 12, (int)crc.getValue());
            buffer.putBytes(index + 16, scratch, 16, length - 16);
        }
    }

    /**
     * @return the sequence number of a message read at {@code index}, after checking its content.
     * @throws AssertionError if the content does not match the checksum or the length.
     */
    long verify(final DirectBuffer buffer, final int index, final int length)
    {
        final long seq = buffer.getLong(index);
        if (length >= 16)
        {
            final int recordedLength = buffer.getInt(index + 8);
            if (recordedLength != length)
            {
                throw new AssertionError("message " + seq + ": length " + length + ", recorded " + recordedLength);
            }
            buffer.getBytes(index + 16, scratch, 16, length - 16);
            crc.reset();
            crc.update(scratch, 16, length - 16);
            if ((int)crc.getValue() != buffer.getInt(index + 12))
            {
                throw new AssertionError("message " + seq + " of " + length + " bytes: checksum mismatch");
            }
        }
        return seq;
    }
}
