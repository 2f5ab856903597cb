package io.ipcsync.bench.throughput;

import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.MessageHandler;
import java.util.function.Function;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An ipcsync channel (SPSC or MPSC, one producer) in {@link InterleavedRace}: the same channel,
 * sends and checks as {@link IpcsyncSpscThroughput} and {@link IpcsyncSpscLongThroughput}, one
 * subclass per send path. Its name is the library ("ipcsync", or a variant such as "ipcsync-shared")
 * and the send path.
 */
abstract class IpcsyncContender extends Contender
{
    private final IpcsyncChannel channel;
    private final MessageHandler handler = this::onMessage;
    ChannelProducer producer;
    UnsafeBuffer source;
    int size;

    IpcsyncContender(final String library, final String path, final Function<String, ChannelBuilder> mode)
    {
        super(library + " " + path);
        this.channel = new IpcsyncChannel(mode);
    }

    @Override
    void open(final int size)
    {
        this.size = size;
        channel.open();
        producer = channel.producer;
        source = Workload.messageSource(size);
    }

    @Override
    void close()
    {
        channel.close();
    }

    @Override
    void receive(final Slice slice)
    {
        final ChannelConsumer consumer = channel.consumer;
        final MessageHandler handler = this.handler;
        final long start = expected;
        while (!slice.stopped)
        {
            IpcsyncChannel.checked(consumer.poll(handler, Workload.BATCH_LIMIT));
        }
        slice.receivedWhileRunning = expected - start;
        while (inFlight(slice))
        {
            IpcsyncChannel.checked(consumer.poll(handler, Workload.BATCH_LIMIT));
        }
    }

    private void onMessage(final int typeId, final DirectBuffer buffer, final int index, final int length)
    {
        check(buffer.getLong(index), buffer.getLong(index + length - 8));
    }

    /** {@code offerLong}: 8-byte messages only. */
    static final class OfferLong extends IpcsyncContender
    {
        OfferLong(final String library, final Function<String, ChannelBuilder> mode)
        {
            super(library, "offerLong", mode);
        }

        @Override
        void open(final int size)
        {
            if (size != 8)
            {
                throw new IllegalArgumentException("offerLong sends 8-byte messages only, size=" + size);
            }
            super.open(size);
        }

        @Override
        long send(final long first, final Slice slice)
        {
            final ChannelProducer producer = this.producer;
            long sequence = first;
            while (!slice.stopped)
            {
                if (producer.offerLong(Workload.TYPE_ID, sequence))
                {
                    sequence++;
                }
            }
            return sequence;
        }
    }

    /** {@code offer}, copying each message from a source buffer. */
    static final class Offer extends IpcsyncContender
    {
        Offer(final String library, final Function<String, ChannelBuilder> mode)
        {
            super(library, "offer", mode);
        }

        @Override
        long send(final long first, final Slice slice)
        {
            final ChannelProducer producer = this.producer;
            final UnsafeBuffer source = this.source;
            final int size = this.size;
            long sequence = first;
            while (!slice.stopped)
            {
                source.putLong(0, sequence);
                source.putLong(size - 8, sequence);
                if (producer.offer(Workload.TYPE_ID, source, 0, size))
                {
                    sequence++;
                }
            }
            return sequence;
        }
    }

    /** {@code tryClaim}, writing each message in place, then {@code commit}. */
    static final class TryClaim extends IpcsyncContender
    {
        TryClaim(final String library, final Function<String, ChannelBuilder> mode)
        {
            super(library, "tryClaim", mode);
        }

        @Override
        long send(final long first, final Slice slice)
        {
            final ChannelProducer producer = this.producer;
            final MutableDirectBuffer buffer = producer.buffer();
            final UnsafeBuffer source = this.source;
            final int size = this.size;
            long sequence = first;
            while (!slice.stopped)
            {
                final int index = producer.tryClaim(Workload.TYPE_ID, size);
                if (index >= 0)
                {
                    if (size > 16)
                    {
                        buffer.putBytes(index + 8, source, 8, size - 16);
                    }
                    buffer.putLong(index, sequence);
                    buffer.putLong(index + size - 8, sequence);
                    producer.commit(index);
                    sequence++;
                }
            }
            return sequence;
        }
    }
}
