package io.ipcsync.bench.throughput;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The messages of the in-process object queues (JCTools, {@code ArrayBlockingQueue}): a boxed
 * {@link Long} for 8 bytes, a new {@code byte[]} for larger messages, each the idiomatic thing to
 * put into an object queue, and each allocated per message.
 */
final class HeapMessages
{
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private HeapMessages()
    {
    }

    /**
     * Returns the source message copied into every {@code byte[]} message.
     *
     * @param size message size.
     * @return the source message copied into every {@code byte[]} message.
     */
    static byte[] source(final int size)
    {
        final byte[] source = new byte[size];
        Arrays.fill(source, (byte)'x');
        return source;
    }

    /**
     * Creates the message with the given sequence.
     *
     * @param source   the bytes to copy (ignored for 8-byte messages).
     * @param size     message size.
     * @param sequence its sequence.
     * @return a {@link Long} for 8 bytes, else a {@code byte[]} with the sequence at both ends.
     */
    static Object create(final byte[] source, final int size, final long sequence)
    {
        if (size == 8)
        {
            return sequence;
        }
        final byte[] message = new byte[size];
        System.arraycopy(source, 8, message, 8, size - 16);
        stamp(message, size, sequence);
        return message;
    }

    /**
     * Writes the sequence at both ends of a byte message.
     *
     * @param message  the message.
     * @param size     its length.
     * @param sequence the sequence.
     */
    static void stamp(final byte[] message, final int size, final long sequence)
    {
        LONGS.set(message, 0, sequence);
        LONGS.set(message, size - 8, sequence);
    }

    /**
     * Checks a message with the receiver.
     *
     * @param receiver checks the sequence.
     * @param message  a {@link Long} or a {@code byte[]}.
     */
    static void check(final Receiver receiver, final Object message)
    {
        if (message instanceof Long)
        {
            final long value = (Long)message;
            receiver.onMessage(value, value);
        }
        else
        {
            checkBytes(receiver, (byte[])message);
        }
    }

    /**
     * Checks a byte message with the receiver.
     *
     * @param receiver checks the sequence.
     * @param message  the bytes.
     */
    static void checkBytes(final Receiver receiver, final byte[] message)
    {
        receiver.onMessage((long)LONGS.get(message, 0), (long)LONGS.get(message, message.length - 8));
    }
}
