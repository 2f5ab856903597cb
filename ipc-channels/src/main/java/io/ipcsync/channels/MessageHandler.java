package io.ipcsync.channels;

import io.ipcsync.core.ring.RecordHandler;

/**
 * Receives messages from {@link ChannelConsumer#poll}. The buffer is the channel's shared memory:
 * read the message during the call and copy whatever must outlive it.
 */
@FunctionalInterface
public interface MessageHandler extends RecordHandler
{
}
