package io.ipcsync.bench.latency;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.throughput.Workload;
import io.ipcsync.bench.throughput.Workload;
import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.channels.MessageHandler;
import java.nio.file.Path;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Two ipcsync SPSC channels in the run's scratch directory: {@code ping} (ping to echo) and
 * {@code echo} (back), each with a 1 MiB ring like the Agrona peer. Messages are sent with
 * {@code offer} and read with {@code poll(handler, limit)}; whichever side opens a channel first
 * creates its file.
 */
public final class IpcsyncTransport implements PingPongTransport
{
    private static final String PING_CHANNEL = "ping";
    private static final String ECHO_CHANNEL = "echo";

    /** Creates the transport. */
    public IpcsyncTransport()
    {
    }

    @Override
    public String id()
    {
        return "ipcsync";
    }

    @Override
    public String displayName()
    {
        return "ipcsync SPSC";
    }

    @Override
    public List<String> jvmFlags()
    {
        return List.of(JvmFlags.AGRONA);
    }

    private static ChannelBuilder channel(final Path dir, final String name)
    {
        return Channels.spsc(name).directory(dir).capacity(Workload.RING_BYTES);
    }

    @Override
    public AutoCloseable createShared(final Path dir, final int messageLength)
    {
        return () ->
        {
            channel(dir, PING_CHANNEL).delete();
            channel(dir, ECHO_CHANNEL).delete();
        };
    }

    @Override
    public Ping openPing(final Path dir, final int messageLength)
    {
        return new IpcsyncPing(channel(dir, PING_CHANNEL).producer(), channel(dir, ECHO_CHANNEL).consumer(), messageLength);
    }

    @Override
    public Echo openEcho(final Path dir, final int messageLength)
    {
        return new IpcsyncEcho(channel(dir, PING_CHANNEL).consumer(), channel(dir, ECHO_CHANNEL).producer());
    }

    private static int checked(final int polled)
    {
        if (polled < 0)
        {
            throw new IllegalStateException("ipcsync poll returned status " + polled + " (closed or peer dead)");
        }
        return polled;
    }

    private static final class IpcsyncPing implements Ping
    {
        private final ChannelProducer out;
        private final ChannelConsumer in;
        private final UnsafeBuffer message;
        private final MessageHandler handler = this::onMessage;
        private long echoTimestamp;
        private long echoSequence;

        IpcsyncPing(final ChannelProducer out, final ChannelConsumer in, final int messageLength)
        {
            this.out = out;
            this.in = in;
            message = Workload.messageSource(messageLength);
        }

        @Override
        public boolean send(final long timestamp, final long sequence)
        {
            message.putLong(TIMESTAMP_OFFSET, timestamp);
            message.putLong(SEQUENCE_OFFSET, sequence);
            return out.offer(TYPE_ID, message, 0, message.capacity());
        }

        @Override
        public boolean receive()
        {
            return checked(in.poll(handler, 1)) > 0;
        }

        private void onMessage(final int typeId, final DirectBuffer buffer, final int index, final int length)
        {
            echoTimestamp = buffer.getLong(index + TIMESTAMP_OFFSET);
            echoSequence = buffer.getLong(index + SEQUENCE_OFFSET);
        }

        @Override
        public long echoTimestamp()
        {
            return echoTimestamp;
        }

        @Override
        public long echoSequence()
        {
            return echoSequence;
        }

        @Override
        public void close()
        {
            out.close();
            in.close();
        }
    }

    private static final class IpcsyncEcho implements Echo
    {
        private final ChannelConsumer in;
        private final ChannelProducer out;
        private final MessageHandler handler = this::onMessage;
        private boolean stopped;

        IpcsyncEcho(final ChannelConsumer in, final ChannelProducer out)
        {
            this.in = in;
            this.out = out;
        }

        @Override
        public int echo()
        {
            final int count = checked(in.poll(handler, Workload.BATCH_LIMIT));
            return stopped ? -1 : count;
        }

        private void onMessage(final int typeId, final DirectBuffer buffer, final int index, final int length)
        {
            if (buffer.getLong(index + SEQUENCE_OFFSET) == STOP)
            {
                stopped = true; // not echoed: the ping side closes its end right after sending it
                return;
            }
            while (!out.offer(typeId, buffer, index, length))
            {
                Thread.onSpinWait();
            }
        }

        @Override
        public void close()
        {
            in.close();
            out.close();
        }
    }
}
