package io.ipcsync.samples;

import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.MessageHandler;

/**
 * The receiving process of {@link PipelineDemo}: checks that every message arrives in order,
 * confirms each run's count, and echoes pings. Stops when the sender closes the channel.
 */
final class Receiver implements MessageHandler
{
    private final ChannelProducer replies;
    private long expected;

    private Receiver(final ChannelProducer replies)
    {
        this.replies = replies;
    }

    static void run(final ChannelBuilder data, final ChannelBuilder replies)
    {
        try (ChannelConsumer consumer = data.consumer(); ChannelProducer producer = replies.producer())
        {
            final Receiver receiver = new Receiver(producer);
            int status;
            while ((status = consumer.poll(receiver, 1024)) >= 0)
            {
                Thread.onSpinWait();
            }
            if (status == ChannelConsumer.PEER_DEAD)
            {
                throw new IllegalStateException("the sender died");
            }
        }
    }

    @Override
    public void onMessage(final int typeId, final org.agrona.DirectBuffer buffer, final int index, final int length)
    {
        switch (typeId)
        {
            case PipelineDemo.TYPE_SMALL -> check(buffer.getLong(index));
            case PipelineDemo.TYPE_LARGE ->
            {
                final long seq = buffer.getLong(index);
                if (length != PipelineDemo.LARGE)
                {
                    throw new IllegalStateException("1 KiB message " + seq + " has " + length + " bytes");
                }
                for (int offset = PipelineDemo.CACHE_LINE; offset < length; offset += PipelineDemo.CACHE_LINE)
                {
                    if (buffer.getLong(index + offset) != seq)
                    {
                        throw new IllegalStateException("torn 1 KiB message " + seq + " at byte " + offset);
                    }
                }
                check(seq);
            }
            case PipelineDemo.TYPE_PING -> reply(buffer.getLong(index));
            case PipelineDemo.TYPE_END ->
            {
                reply(expected);
                expected = 0;
            }
            default -> throw new IllegalStateException("unknown message type " + typeId);
        }
    }

    private void check(final long seq)
    {
        if (seq != expected)
        {
            throw new IllegalStateException("expected message " + expected + ", got " + seq);
        }
        expected++;
    }

    private void reply(final long value)
    {
        while (!replies.offerLong(PipelineDemo.TYPE_END, value))
        {
            Thread.onSpinWait();
        }
    }
}
