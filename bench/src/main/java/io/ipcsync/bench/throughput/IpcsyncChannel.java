package io.ipcsync.bench.throughput;

import io.ipcsync.bench.ScratchDir;
import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * One ipcsync channel (SPSC unless told otherwise) with one producer and one consumer open, in a
 * scratch directory: the set-up the ipcsync throughput benchmarks share.
 */
final class IpcsyncChannel
{
    /** The channel's name (its file is {@code <name>.ipc}). */
    static final String NAME = "bench";

    private final Function<String, ChannelBuilder> mode;
    private Path dir;
    ChannelProducer producer;
    ChannelConsumer consumer;

    /** An SPSC channel. */
    IpcsyncChannel()
    {
        this(Channels::spsc);
    }

    /**
     * A channel of the given mode.
     *
     * @param mode {@code Channels::spsc}, {@code Channels::mpsc}, ...
     */
    IpcsyncChannel(final Function<String, ChannelBuilder> mode)
    {
        this.mode = mode;
    }

    /** Creates the channel with a {@link Workload#RING_BYTES} ring and opens producer and consumer. */
    void open()
    {
        dir = ScratchDir.create("ipcsync");
        producer = builder().capacity(Workload.RING_BYTES).producer();
        consumer = builder().consumer();
    }

    /** Closes both sides and deletes the channel and its directory. */
    void close()
    {
        try
        {
            if (producer != null)
            {
                producer.close();
            }
            if (consumer != null)
            {
                consumer.close();
            }
            if (dir != null)
            {
                builder().delete();
            }
        }
        finally
        {
            ScratchDir.delete(dir);
        }
    }

    private ChannelBuilder builder()
    {
        return mode.apply(NAME).directory(dir);
    }

    /**
     * Passes a poll result on, failing on a negative status: in a benchmark the channel never closes.
     *
     * @param polled what {@code poll} returned.
     * @return the message count.
     */
    static int checked(final int polled)
    {
        if (polled < 0)
        {
            throw new IllegalStateException("ipcsync poll returned status " + polled + " (closed or peer dead)");
        }
        return polled;
    }
}
