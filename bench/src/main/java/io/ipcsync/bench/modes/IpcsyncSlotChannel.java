package io.ipcsync.bench.modes;

import io.ipcsync.bench.ScratchDir;
import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.channels.MessageHandler;
import io.ipcsync.core.ChannelMode;
import java.nio.file.Path;
import org.openjdk.jmh.infra.Control;

/**
 * An ipcsync SPMC or MPMC channel in a scratch directory, with 8-byte messages in 32-byte slots:
 * a 1 MiB ring of 16,384 slots. Each benchmark thread opens its own producer or consumer on it.
 */
final class IpcsyncSlotChannel
{
    /** Ring bytes. */
    static final int RING_BYTES = 1 << 20;
    /** Message type id. */
    static final int TYPE_ID = 1;
    /** Most messages one consumer call may take. */
    static final int BATCH_LIMIT = 256;

    private Path dir;
    private ChannelBuilder builder;

    /**
     * Creates the channel file.
     *
     * @param mode SPMC or MPMC.
     */
    void open(final ChannelMode mode)
    {
        dir = ScratchDir.create("ipcsync-" + mode.name().toLowerCase(java.util.Locale.ROOT));
        final String name = "bench";
        builder = (mode == ChannelMode.SPMC ? Channels.spmc(name) : Channels.mpmc(name))
            .directory(dir).capacity(RING_BYTES).maxMessageLength(Long.BYTES);
    }

    ChannelProducer producer()
    {
        return builder.producer();
    }

    ChannelConsumer consumer()
    {
        return builder.consumer();
    }

    /** Deletes the channel and its directory. */
    void close()
    {
        ScratchDir.delete(dir);
    }

    /**
     * Polls a batch and counts it, failing on a negative status: in a benchmark the channel never closes.
     *
     * @param consumer the consumer.
     * @param handler  its handler.
     * @param receiver counts.
     * @param control  JMH's control.
     */
    static void poll(final ChannelConsumer consumer, final MessageHandler handler, final ModeReceiver receiver,
        final Control control)
    {
        final int polled = consumer.poll(handler, BATCH_LIMIT);
        if (polled < 0)
        {
            throw new IllegalStateException("ipcsync poll returned status " + polled + " (closed or peer dead)");
        }
        receiver.count(control, polled);
    }
}
