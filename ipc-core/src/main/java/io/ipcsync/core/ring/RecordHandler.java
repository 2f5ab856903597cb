package io.ipcsync.core.ring;

import org.agrona.DirectBuffer;

/**
 * Receives messages read from a ring. The buffer is the ring itself: read the message during the
 * call and copy what must outlive it.
 */
@FunctionalInterface
public interface RecordHandler
{
    /**
     * Handles one message.
     *
     * @param typeId the message type given by the producer.
     * @param buffer the ring, holding the message.
     * @param index  where the message starts in the buffer.
     * @param length the message length in bytes.
     */
    void onMessage(int typeId, DirectBuffer buffer, int index, int length);
}
