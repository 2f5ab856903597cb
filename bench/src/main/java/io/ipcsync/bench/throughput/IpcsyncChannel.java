package io.ipcsync.bench.throughput;

import io.ipcsync.bench.ScratchDir;
import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import java.nio.file.Path;

/**
 * One ipcsync SPSC channel with both its sides open, in a scratch directory: the set-up the
 * ipcsync throughput benchmarks share.
 */
final class IpcsyncChannel
{
    /** The channel's name (its file is {@code <name>.ipc}). */
    static final String NAME = "bench";

    private Path dir;
    ChannelProducer producer;
    ChannelConsumer consumer;

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
        return Channels.spsc(NAME).directory(dir);
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
