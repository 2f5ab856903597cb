package io.ipcsync.core.ring;

import io.ipcsync.core.ChannelClosedException;
import io.ipcsync.core.ChannelFile;

/**
 * What a producer of every mode checks before it claims room for a message: that it was not closed,
 * and that the caller's type and length are in range; and the exception it then throws, in the
 * same words for every mode. The test is small enough to be inlined into each {@code offer}; the
 * exception is built here, apart from the hot path (see {@link RingAccess}).
 */
final class ProducerChecks
{
    private ProducerChecks()
    {
    }

    /**
     * Returns true if the producer must refuse the message: it was closed, the type is negative, or
     * the length is outside 0 to the channel's max message length.
     *
     * @param closed           whether the producer was closed.
     * @param typeId           the message type.
     * @param length           the message length.
     * @param maxMessageLength the channel's max message length.
     * @return true if the message must be refused; {@link #refusal} says why.
     */
    static boolean refuses(final boolean closed, final int typeId, final int length, final int maxMessageLength)
    {
        return closed | typeId < 0 | length < 0 | length > maxMessageLength;
    }

    /**
     * Returns the exception for a message that {@link #refuses} refused.
     *
     * @param file             the channel file, named in the message.
     * @param closed           whether the producer was closed.
     * @param typeId           the message type.
     * @param length           the message length.
     * @param maxMessageLength the channel's max message length.
     * @return {@link ChannelClosedException} if the producer was closed, else
     *         {@link IllegalArgumentException} naming the type or the length.
     */
    static RuntimeException refusal(
        final ChannelFile file, final boolean closed, final int typeId, final int length, final int maxMessageLength)
    {
        if (closed)
        {
            return new ChannelClosedException(file.path() + ": this producer was closed");
        }
        if (typeId < 0)
        {
            return new IllegalArgumentException("typeId " + typeId + " must be zero or positive");
        }
        return new IllegalArgumentException("message length " + length + " must be from 0 to " + maxMessageLength +
            " (the max message length of " + file.path() + ")");
    }

    /**
     * Returns the exception for a message refused by a producer of a mode with one consumer: what
     * {@link #refusal} says if {@link #refuses} refused it, else that the consumer closed the channel
     * (the other reason such a producer refuses).
     *
     * @param file             the channel file, named in the message.
     * @param closed           whether the producer was closed.
     * @param typeId           the message type.
     * @param length           the message length.
     * @param maxMessageLength the channel's max message length.
     * @return the exception to throw.
     */
    static RuntimeException refusalOrConsumerClosed(
        final ChannelFile file, final boolean closed, final int typeId, final int length, final int maxMessageLength)
    {
        return refuses(closed, typeId, length, maxMessageLength) ?
            refusal(file, closed, typeId, length, maxMessageLength) :
            new ChannelClosedException(file.path() + ": the consumer closed the channel");
    }
}
