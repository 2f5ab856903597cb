package io.ipcsync.bench.throughput;

import io.ipcsync.bench.select.AgronaSelectRings;
import io.ipcsync.bench.select.ChannelOrder;
import io.ipcsync.bench.select.SelectChannels;
import io.ipcsync.bench.select.SelectWorkload;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.select.ChannelMessageHandler;
import io.ipcsync.channels.select.ChannelSelector;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.SpscArrayQueue;

/**
 * One thread receiving from many channels in {@link InterleavedRace} ({@code --mode select}): the
 * work of the JMH select benchmarks ({@link SelectWorkload}) as plain loops. The producer offers
 * 8-byte messages to the channels in turn, each carrying its channel's own sequence, and retries
 * the same channel while it is full; the consumer receives from whichever has messages, up to
 * {@link SelectWorkload#BATCH_LIMIT} per channel per round, and checks every channel's order.
 *
 * <p>{@link Contender#expected} and {@link Contender#nextToSend} count messages over all channels
 * here, so the race's end-of-turn accounting works unchanged. Each subclass has its own loops, for
 * the reason {@link Contender} gives.
 */
abstract class SelectContender extends Contender
{
    final int channels;
    /** The channel the producer offers to next; kept from one turn to the next. */
    int sendChannel;
    /** Each channel's sequence of the next message sent. */
    final long[] sendSequences;
    private final ChannelOrder order = new ChannelOrder();

    SelectContender(final String name, final int channels)
    {
        super(name);
        if (channels < 1 || channels > SelectWorkload.MAX_CHANNELS)
        {
            throw new IllegalArgumentException("channels " + channels + " must be from 1 to " + SelectWorkload.MAX_CHANNELS);
        }
        this.channels = channels;
        this.sendSequences = new long[channels];
    }

    /** Fails unless messages are 8 bytes, the select benchmarks' size. */
    static void checkSize(final int size)
    {
        if (size != SelectWorkload.SIZE)
        {
            throw new IllegalArgumentException("--mode select races " + SelectWorkload.SIZE + "-byte messages only, size=" + size);
        }
    }

    /** Returns the channel after {@code channel}, in turn. */
    final int next(final int channel)
    {
        return channel + 1 == channels ? 0 : channel + 1;
    }

    /**
     * Checks one message against its channel's order and counts it.
     *
     * @param channel  the channel it came from.
     * @param sequence the sequence it carries.
     */
    final void checkChannel(final int channel, final long sequence)
    {
        order.check(channel, sequence);
        expected++;
    }

    /** ipcsync's {@link ChannelSelector} (fair rotation) over SPSC channels in {@code /dev/shm}. */
    static final class Ipcsync extends SelectContender implements ChannelMessageHandler
    {
        private SelectChannels ipcsync;
        private ChannelProducer[] producers;
        private ChannelSelector selector;
        private UnsafeBuffer source;

        Ipcsync(final int channels)
        {
            super("ipcsync select", channels);
        }

        @Override
        void open(final int size)
        {
            checkSize(size);
            ipcsync = new SelectChannels("race-select", channels);
            producers = ipcsync.producers();
            selector = ipcsync.selector(this);
            source = Workload.messageSource(size);
        }

        @Override
        void close()
        {
            if (ipcsync != null)
            {
                ipcsync.close();
            }
        }

        @Override
        long send(final long first, final Slice slice)
        {
            final ChannelProducer[] producers = this.producers;
            final long[] sequences = sendSequences;
            final UnsafeBuffer source = this.source;
            int channel = sendChannel;
            long sent = first;
            while (!slice.stopped)
            {
                final long sequence = sequences[channel];
                source.putLong(0, sequence);
                if (producers[channel].offer(SelectWorkload.TYPE_ID, source, 0, SelectWorkload.SIZE))
                {
                    sequences[channel] = sequence + 1;
                    channel = next(channel);
                    sent++;
                }
            }
            sendChannel = channel;
            return sent;
        }

        @Override
        void receive(final Slice slice)
        {
            final ChannelSelector selector = this.selector;
            final long start = expected;
            while (!slice.stopped)
            {
                checked(selector.selectNow());
            }
            slice.receivedWhileRunning = expected - start;
            while (inFlight(slice))
            {
                checked(selector.selectNow());
            }
        }

        private static void checked(final int handled)
        {
            if (handled < 0)
            {
                throw new IllegalStateException("selectNow returned " + handled + ": a channel ended during the race");
            }
        }

        @Override
        public void onMessage(final int channel, final int typeId, final DirectBuffer buffer, final int index, final int length)
        {
            checkChannel(channel, buffer.getLong(index));
        }
    }

    /** A hand-written loop polling Agrona {@link OneToOneRingBuffer}s in files mapped from {@code /dev/shm}. */
    static final class AgronaLoop extends SelectContender implements org.agrona.concurrent.MessageHandler
    {
        private AgronaSelectRings agrona;
        private OneToOneRingBuffer[] rings;
        private UnsafeBuffer source;
        private int readChannel;

        AgronaLoop(final int channels)
        {
            super("Agrona loop", channels);
        }

        @Override
        void open(final int size)
        {
            checkSize(size);
            agrona = new AgronaSelectRings("race-agrona-select", channels);
            rings = agrona.rings();
            source = Workload.messageSource(size);
        }

        @Override
        void close()
        {
            if (agrona != null)
            {
                agrona.close();
            }
        }

        @Override
        long send(final long first, final Slice slice)
        {
            final OneToOneRingBuffer[] rings = this.rings;
            final long[] sequences = sendSequences;
            final UnsafeBuffer source = this.source;
            int channel = sendChannel;
            long sent = first;
            while (!slice.stopped)
            {
                final long sequence = sequences[channel];
                source.putLong(0, sequence);
                if (rings[channel].write(SelectWorkload.TYPE_ID, source, 0, SelectWorkload.SIZE))
                {
                    sequences[channel] = sequence + 1;
                    channel = next(channel);
                    sent++;
                }
            }
            sendChannel = channel;
            return sent;
        }

        @Override
        void receive(final Slice slice)
        {
            final long start = expected;
            while (!slice.stopped)
            {
                pollAll();
            }
            slice.receivedWhileRunning = expected - start;
            while (inFlight(slice))
            {
                pollAll();
            }
        }

        private void pollAll()
        {
            final OneToOneRingBuffer[] rings = this.rings;
            for (int channel = 0; channel < rings.length; channel++)
            {
                readChannel = channel;
                rings[channel].read(this, SelectWorkload.BATCH_LIMIT);
            }
        }

        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            checkChannel(readChannel, buffer.getLong(index));
        }
    }

    /** A hand-written loop draining JCTools {@link SpscArrayQueue}s of boxed {@code Long}s on the heap. */
    static final class JcToolsLoop extends SelectContender implements MessagePassingQueue.Consumer<Long>
    {
        private SpscArrayQueue<Long>[] queues;
        private int readChannel;

        JcToolsLoop(final int channels)
        {
            super("JCTools loop", channels);
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
        void open(final int size)
        {
            checkSize(size);
            queues = new SpscArrayQueue[channels];
            for (int channel = 0; channel < channels; channel++)
            {
                queues[channel] = new SpscArrayQueue<>(SelectWorkload.QUEUE_CAPACITY);
            }
        }

        @Override
        void close()
        {
            queues = null;
        }

        @Override
        long send(final long first, final Slice slice)
        {
            final SpscArrayQueue<Long>[] queues = this.queues;
            final long[] sequences = sendSequences;
            int channel = sendChannel;
            long sent = first;
            while (!slice.stopped)
            {
                final long sequence = sequences[channel];
                if (queues[channel].offer(sequence))
                {
                    sequences[channel] = sequence + 1;
                    channel = next(channel);
                    sent++;
                }
            }
            sendChannel = channel;
            return sent;
        }

        @Override
        void receive(final Slice slice)
        {
            final long start = expected;
            while (!slice.stopped)
            {
                drainAll();
            }
            slice.receivedWhileRunning = expected - start;
            while (inFlight(slice))
            {
                drainAll();
            }
        }

        private void drainAll()
        {
            final SpscArrayQueue<Long>[] queues = this.queues;
            for (int channel = 0; channel < queues.length; channel++)
            {
                readChannel = channel;
                queues[channel].drain(this, SelectWorkload.BATCH_LIMIT);
            }
        }

        @Override
        public void accept(final Long message)
        {
            checkChannel(readChannel, message);
        }
    }
}
