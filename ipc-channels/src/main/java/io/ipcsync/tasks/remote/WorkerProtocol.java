package io.ipcsync.tasks.remote;

import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The messages between a {@link WorkerPool} and a {@link TaskWorker}, and the names of their channels.
 * Every message starts with the call id the pool chose; integers are little-endian.
 *
 * <pre>
 *  requests (pool to worker)
 *    RUN        call id (long) | type name length (int) | type name (UTF-8) | payload
 *    CANCEL     call id (long)
 *  replies (worker to pool)
 *    RESULT     call id (long) | result
 *    FAILURE    call id (long) | exception class length (int) | exception class (UTF-8) | message (UTF-8)
 *    CANCELLED  call id (long)
 * </pre>
 */
public final class WorkerProtocol
{
    /** Request: run a task. */
    public static final int RUN = 1;
    /** Request: cancel a task. */
    public static final int CANCEL = 2;
    /** Reply: the task returned. */
    public static final int RESULT = 1;
    /** Reply: the task threw, or could not run. */
    public static final int FAILURE = 2;
    /** Reply: the task ended by cancellation. */
    public static final int CANCELLED = 3;

    /** Offset of the call id in every message. */
    static final int CALL_ID_OFFSET = 0;
    /** Offset of the type name length in a RUN request, or of the class name length in a FAILURE. */
    static final int NAME_LENGTH_OFFSET = Long.BYTES;
    /** Offset of the type name in a RUN request, or of the class name in a FAILURE. */
    static final int NAME_OFFSET = NAME_LENGTH_OFFSET + Integer.BYTES;

    private WorkerProtocol()
    {
    }

    /**
     * Returns the name of the channel that carries requests to a worker.
     *
     * @param pool   the pool name.
     * @param worker the worker's index.
     * @return the name of the channel that carries requests to a worker.
     */
    public static String requestChannel(final String pool, final int worker)
    {
        return pool + "-worker" + worker + "-requests";
    }

    /**
     * Returns the name of the channel that carries a worker's replies.
     *
     * @param pool   the pool name.
     * @param worker the worker's index.
     * @return the name of the channel that carries a worker's replies.
     */
    public static String replyChannel(final String pool, final int worker)
    {
        return pool + "-worker" + worker + "-replies";
    }

    /** Writes a name-prefixed message (RUN or FAILURE) and returns its length. */
    static int encodeNamed(
        final MutableDirectBuffer buffer, final long callId, final String name, final byte[] body, final int bodyLength)
    {
        final byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        buffer.putLong(CALL_ID_OFFSET, callId);
        buffer.putInt(NAME_LENGTH_OFFSET, nameBytes.length);
        buffer.putBytes(NAME_OFFSET, nameBytes);
        buffer.putBytes(NAME_OFFSET + nameBytes.length, body, 0, bodyLength);
        return NAME_OFFSET + nameBytes.length + bodyLength;
    }

    /** Returns the length of the UTF-8 name a RUN or FAILURE message starts with, checked against the message. */
    static int nameLength(final DirectBuffer buffer, final int index, final int length)
    {
        final int nameLength = length >= NAME_OFFSET ? buffer.getInt(index + NAME_LENGTH_OFFSET) : -1;
        if (nameLength < 0 || nameLength > length - NAME_OFFSET)
        {
            throw new IllegalArgumentException("malformed message of " + length + " bytes: name length " + nameLength);
        }
        return nameLength;
    }

    /** Returns the name a RUN or FAILURE message carries. */
    static String name(final DirectBuffer buffer, final int index, final int length)
    {
        return buffer.getStringWithoutLengthUtf8(index + NAME_OFFSET, nameLength(buffer, index, length));
    }

    /** Returns the bytes after the name of a RUN or FAILURE message. */
    static byte[] afterName(final DirectBuffer buffer, final int index, final int length)
    {
        final int start = NAME_OFFSET + nameLength(buffer, index, length);
        final byte[] bytes = new byte[length - start];
        buffer.getBytes(index + start, bytes);
        return bytes;
    }

    /** Returns the bytes after the call id. */
    static byte[] afterCallId(final DirectBuffer buffer, final int index, final int length)
    {
        final byte[] bytes = new byte[length - Long.BYTES];
        buffer.getBytes(index + Long.BYTES, bytes);
        return bytes;
    }
}
