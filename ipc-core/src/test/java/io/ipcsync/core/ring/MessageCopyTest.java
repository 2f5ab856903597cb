package io.ipcsync.core.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class MessageCopyTest
{
    @Test
    void everyLengthIsCopiedExactlyAndNothingAroundIt()
    {
        final Random random = new Random(5);
        for (int length = 0; length <= MessageCopy.WORD_COPY_LIMIT + 9; length++)
        {
            final byte[] message = new byte[length + 5];
            random.nextBytes(message);
            final UnsafeBuffer ring = new UnsafeBuffer(new byte[length + 16]);
            ring.setMemory(0, ring.capacity(), (byte)0x55);

            MessageCopy.copy(ring, 3, new UnsafeBuffer(message), 5, length);

            for (int i = 0; i < ring.capacity(); i++)
            {
                final byte expected = i >= 3 && i < 3 + length ? message[5 + i - 3] : 0x55;
                assertEquals(expected, ring.getByte(i), "length " + length + ", byte " + i);
            }
        }
    }

    @Test
    void aRangeOutsideTheSourceIsRefused()
    {
        final UnsafeBuffer source = new UnsafeBuffer(new byte[100]);
        for (final int[] range : new int[][] {{-1, 8}, {93, 8}, {0, 101}, {40, 100}, {Integer.MAX_VALUE, 8}})
        {
            assertThrows(IndexOutOfBoundsException.class, () -> MessageCopy.checkSource(source, range[0], range[1]),
                "offset " + range[0] + ", length " + range[1]);
        }
        MessageCopy.checkSource(source, 0, 100);
        MessageCopy.checkSource(source, 100, 0);
    }
}
