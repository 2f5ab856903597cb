package io.ipcsync.bench.throughput;

import io.ipcsync.bench.ScratchDir;
import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.channels.MessageHandler;
import java.nio.file.Path;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;
import org.agrona.concurrent.broadcast.CopyBroadcastReceiver;

/**
 * One producer and one subscriber of a broadcast ring in {@link InterleavedRace} ({@code --mode
 * broadcast}): the work of the JMH broadcast benchmarks ({@code io.ipcsync.bench.modes}) as plain
 * loops, over a {@link Workload#RING_BYTES} ring in a file under {@code /dev/shm}. The producer
 * never waits, so the subscriber may be lapped: a rate here counts messages received, not the ones
 * lost, and the subscriber joins once, before the first turn, and stays.
 *
 * <p>{@link Contender#expected} is the sequence the subscriber expects next; after a lap it jumps
 * past the messages lost. ipcsync reports each loss before the gap ({@code LAPPED} and
 * {@code lostMessages()}), so its gaps are checked exactly; Agrona's {@code CopyBroadcastReceiver}
 * throws on a lap without a count, so the gap in the sequence is the count. A lap can drop the
 * newest message too (Agrona's receiver moves to it and then throws), so a turn ends when the
 * producer has stopped and a poll after that finds nothing, not when the last sequence arrived.
 */
abstract class BroadcastContender extends Contender
{
    private final boolean strict;
    /** Messages received and checked, in all turns. */
    long received;
    UnsafeBuffer source;
    int size;

    BroadcastContender(final String name, final boolean strict)
    {
        super(name);
        this.strict = strict;
    }

    /** Creates the source buffer of the messages. */
    final void openSource(final int size)
    {
        this.size = size;
        source = Workload.messageSource(size);
    }

    /**
     * Checks one message's sequence fields: whole, in order, and after a gap only where one was
     * reported (strict) or may be (not).
     *
     * @param first sequence in its first 8 bytes.
     * @param last  sequence in its last 8 bytes.
     */
    final void checkReceived(final long first, final long last)
    {
        Workload.checkedGap(expected, first, last, strict);
        expected = first + 1;
        received++;
    }

    /** ipcsync's broadcast channel: {@code offer}, and {@code poll} of a private copy of each message. */
    static final class Ipcsync extends BroadcastContender
    {
        private final MessageHandler handler = this::onMessage;
        private Path dir;
        private ChannelProducer producer;
        private ChannelConsumer subscriber;
        private long lostSeen;

        Ipcsync()
        {
            super("ipcsync offer", true);
        }

        @Override
        void open(final int size)
        {
            dir = ScratchDir.create("race-broadcast");
            producer = channel().capacity(Workload.RING_BYTES).producer();
            subscriber = channel().consumer();
            openSource(size);
        }

        private ChannelBuilder channel()
        {
            return Channels.broadcast("race").directory(dir);
        }

        @Override
        void close()
        {
            try
            {
                if (producer != null)
                {
                    producer.close();
                }
                if (subscriber != null)
                {
                    subscriber.close();
                }
            }
            finally
            {
                ScratchDir.delete(dir);
            }
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
                producer.offer(Workload.TYPE_ID, source, 0, size);
                sequence++;
            }
            return sequence;
        }

        @Override
        void receive(final Slice slice)
        {
            final long start = received;
            while (!slice.stopped)
            {
                poll();
            }
            slice.receivedWhileRunning = received - start;
            while (!slice.failed)
            {
                final boolean producerStopped = slice.sentEnd >= 0;
                if (poll() == 0 && producerStopped)
                {
                    return;
                }
            }
        }

        /** Returns the messages received, or -1 after a lap. */
        private int poll()
        {
            final ChannelConsumer subscriber = this.subscriber;
            final int polled = subscriber.poll(handler, Workload.BATCH_LIMIT);
            if (polled == ChannelConsumer.LAPPED)
            {
                final long lost = subscriber.lostMessages();
                expected += lost - lostSeen;
                lostSeen = lost;
                return -1;
            }
            if (polled < 0)
            {
                throw new IllegalStateException("ipcsync poll returned status " + polled + " (closed or peer dead)");
            }
            return polled;
        }

        private void onMessage(final int typeId, final DirectBuffer buffer, final int index, final int length)
        {
            checkReceived(buffer.getLong(index), buffer.getLong(index + length - 8));
        }
    }

    /** Agrona's {@link BroadcastTransmitter} and {@link CopyBroadcastReceiver}, up to {@link Workload#BATCH_LIMIT} receives per pass. */
    static final class Agrona extends BroadcastContender implements org.agrona.concurrent.MessageHandler
    {
        private AgronaBroadcastBuffer broadcast;
        private BroadcastTransmitter transmitter;
        private CopyBroadcastReceiver receiver;

        Agrona()
        {
            super("Agrona transmit", false);
        }

        @Override
        void open(final int size)
        {
            broadcast = new AgronaBroadcastBuffer("race-agrona-broadcast");
            transmitter = broadcast.transmitter();
            receiver = broadcast.receiver();
            openSource(size);
        }

        @Override
        void close()
        {
            if (broadcast != null)
            {
                broadcast.close();
            }
        }

        @Override
        long send(final long first, final Slice slice)
        {
            final BroadcastTransmitter transmitter = this.transmitter;
            final UnsafeBuffer source = this.source;
            final int size = this.size;
            long sequence = first;
            while (!slice.stopped)
            {
                source.putLong(0, sequence);
                source.putLong(size - 8, sequence);
                transmitter.transmit(Workload.TYPE_ID, source, 0, size);
                sequence++;
            }
            return sequence;
        }

        @Override
        void receive(final Slice slice)
        {
            final long start = received;
            while (!slice.stopped)
            {
                receiveBatch();
            }
            slice.receivedWhileRunning = received - start;
            while (!slice.failed)
            {
                final boolean producerStopped = slice.sentEnd >= 0;
                if (receiveBatch() == 0 && producerStopped)
                {
                    return;
                }
            }
        }

        /** Returns the messages received, or -1 after a lap. */
        private int receiveBatch()
        {
            final CopyBroadcastReceiver receiver = this.receiver;
            int count = 0;
            try
            {
                while (count < Workload.BATCH_LIMIT && receiver.receive(this) > 0)
                {
                    count++;
                }
                return count;
            }
            catch (final IllegalStateException lapped)
            {
                // "unable to keep up with broadcast": the gap before the next message counts what was lost
                return -1;
            }
        }

        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            checkReceived(buffer.getLong(index), buffer.getLong(index + length - 8));
        }
    }
}
