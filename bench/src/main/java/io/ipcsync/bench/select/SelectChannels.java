package io.ipcsync.bench.select;

import io.ipcsync.bench.ScratchDir;
import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.channels.select.ChannelMessageHandler;
import io.ipcsync.channels.select.ChannelSelector;
import java.nio.file.Path;

/**
 * ipcsync's side of the select workload: N SPSC channels of {@link SelectWorkload#RING_BYTES} in
 * a scratch directory under {@code /dev/shm}, both ends open, for {@link IpcsyncSelectThroughput}
 * and the select race ({@code InterleavedRace --mode select}).
 */
public final class SelectChannels implements AutoCloseable
{
    private final Path dir;
    private final ChannelProducer[] producers;
    private final ChannelConsumer[] consumers;

    /**
     * Creates the channels and opens both ends of each.
     *
     * @param what     names the scratch directory.
     * @param channels how many channels.
     */
    public SelectChannels(final String what, final int channels)
    {
        dir = ScratchDir.create(what);
        producers = new ChannelProducer[channels];
        consumers = new ChannelConsumer[channels];
        try
        {
            for (int channel = 0; channel < channels; channel++)
            {
                producers[channel] = channel(channel).capacity(SelectWorkload.RING_BYTES).producer();
                consumers[channel] = channel(channel).consumer();
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private ChannelBuilder channel(final int channel)
    {
        return Channels.spsc("select-" + channel).directory(dir);
    }

    /**
     * Returns the producers, by channel index: the array itself, for the benchmarks' hot loops.
     *
     * @return the producers, by channel index.
     */
    public ChannelProducer[] producers()
    {
        return producers;
    }

    /**
     * Builds a selector over every channel's consumer.
     *
     * @param handler receives every message.
     * @return the selector, fair, with the workload's batch limit.
     */
    public ChannelSelector selector(final ChannelMessageHandler handler)
    {
        final ChannelSelector.Builder builder = ChannelSelector.builder().batchLimit(SelectWorkload.BATCH_LIMIT);
        for (final ChannelConsumer consumer : consumers)
        {
            builder.add(consumer, handler);
        }
        return builder.build();
    }

    /** Closes both ends of every channel and deletes the files. */
    @Override
    public void close()
    {
        try
        {
            for (int channel = 0; channel < producers.length; channel++)
            {
                if (producers[channel] != null)
                {
                    producers[channel].close();
                }
                if (consumers[channel] != null)
                {
                    consumers[channel].close();
                }
            }
        }
        finally
        {
            ScratchDir.delete(dir);
        }
    }
}
