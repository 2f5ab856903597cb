package io.ipcsync.channels.select;

import org.agrona.DirectBuffer;

/**
 * Receives messages from a {@link ChannelSelector} together with the index of the channel they came
 * from, so that one handler can serve many channels. The buffer is the channel's shared memory: read
 * the message during the call and copy whatever must outlive it.
 */
@FunctionalInterface
public interface ChannelMessageHandler
{
    /**
     * Handles one message.
     *
     * @param channel the channel's index in the selector: the order in which it was added, from 0.
     * @param typeId  the message type given by the producer.
     * @param buffer  the channel's memory, holding the message.
     * @param index   where the message starts in the buffer.
     * @param length  the message length in bytes.
     */
    void onMessage(int channel, int typeId, DirectBuffer buffer, int index, int length);
}
