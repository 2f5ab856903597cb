package io.ipcsync.channels;

import io.ipcsync.core.ChannelMode;

/**
 * Where every channel starts.
 *
 * <pre>{@code
 * try (ChannelProducer producer = Channels.spsc("orders").capacity(1 << 20).producer())
 * {
 *     producer.offerLong(1, 42L);
 * }
 * }</pre>
 */
public final class Channels
{
    private Channels()
    {
    }

    /**
     * Returns a builder for a one-producer, one-consumer channel.
     *
     * @param name the channel's name: its file is {@code <directory>/<name>.ipc}.
     * @return a builder for a one-producer, one-consumer channel.
     */
    public static ChannelBuilder spsc(final String name)
    {
        return new ChannelBuilder(ChannelMode.SPSC, name);
    }

    /**
     * Returns a builder for a channel with many producers (threads or processes, one producer
     * handle per thread) and one consumer. By default each of the first
     * {@link ChannelBuilder#DEFAULT_MPSC_LANES} producers writes a ring of its own (a lane), and
     * any further producers share an overflow ring; see {@link ChannelBuilder#lanes lanes}.
     *
     * @param name the channel's name: its file is {@code <directory>/<name>.ipc}.
     * @return a builder for a many-producer, one-consumer channel.
     */
    public static ChannelBuilder mpsc(final String name)
    {
        return new ChannelBuilder(ChannelMode.MPSC, name);
    }

    /**
     * Returns a builder for a one-producer, many-consumer channel: each message goes to exactly one
     * consumer (work distribution). See {@link ChannelBuilder} for its slot size.
     *
     * @param name the channel's name: its file is {@code <directory>/<name>.ipc}.
     * @return a builder for a one-producer, many-consumer channel.
     */
    public static ChannelBuilder spmc(final String name)
    {
        return new ChannelBuilder(ChannelMode.SPMC, name);
    }

    /**
     * Returns a builder for a many-producer, many-consumer channel: each message goes to exactly one
     * consumer, and each consumer sees one producer's messages in the order that producer sent them.
     *
     * @param name the channel's name: its file is {@code <directory>/<name>.ipc}.
     * @return a builder for a many-producer, many-consumer channel.
     */
    public static ChannelBuilder mpmc(final String name)
    {
        return new ChannelBuilder(ChannelMode.MPMC, name);
    }

    /**
     * Returns a builder for a broadcast channel: one producer that never waits, any number of
     * subscribers that each see every message from the moment they join (see {@link BroadcastSubscriber}).
     *
     * @param name the channel's name: its file is {@code <directory>/<name>.ipc}.
     * @return a builder for a broadcast channel.
     */
    public static ChannelBuilder broadcast(final String name)
    {
        return new ChannelBuilder(ChannelMode.BROADCAST, name);
    }
}
