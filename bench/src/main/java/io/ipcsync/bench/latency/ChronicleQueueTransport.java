package io.ipcsync.bench.latency;

import io.ipcsync.bench.JvmFlags;
import java.nio.file.Path;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.io.Closeable;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Two Chronicle Queues in the run's scratch directory under {@code /dev/shm}: {@code ping-queue}
 * (ping to echo) and {@code echo-queue} (back). Messages are written in place with
 * {@code writingDocument} and read in place with {@code readingDocument}; the echo side copies
 * each document's bytes into its appender's document.
 */
public final class ChronicleQueueTransport implements PingPongTransport
{
    private static final String PING_QUEUE = "ping-queue";
    private static final String ECHO_QUEUE = "echo-queue";

    /** Creates the transport. */
    public ChronicleQueueTransport()
    {
    }

    @Override
    public String id()
    {
        return "chronicle";
    }

    @Override
    public String displayName()
    {
        return "Chronicle Queue";
    }

    @Override
    public List<String> jvmFlags()
    {
        return JvmFlags.chronicle();
    }

    private static ChronicleQueue queue(final Path dir, final String name)
    {
        return SingleChronicleQueueBuilder.binary(dir.resolve(name)).build();
    }

    @Override
    public AutoCloseable createShared(final Path dir, final int messageLength)
    {
        // create both queues once here, so the two processes never race to create one
        queue(dir, PING_QUEUE).close();
        queue(dir, ECHO_QUEUE).close();
        return () -> { };
    }

    @Override
    public Ping openPing(final Path dir, final int messageLength)
    {
        return new ChroniclePing(queue(dir, PING_QUEUE), queue(dir, ECHO_QUEUE), messageLength);
    }

    @Override
    public Echo openEcho(final Path dir, final int messageLength)
    {
        return new ChronicleEcho(queue(dir, PING_QUEUE), queue(dir, ECHO_QUEUE));
    }

    private static final class ChroniclePing implements Ping
    {
        private final ChronicleQueue outQueue;
        private final ChronicleQueue inQueue;
        private final ExcerptAppender appender;
        private final ExcerptTailer tailer;
        private final BytesStore<?, ?> filler;
        private long echoTimestamp;
        private long echoSequence;

        ChroniclePing(final ChronicleQueue outQueue, final ChronicleQueue inQueue, final int messageLength)
        {
            this.outQueue = outQueue;
            this.inQueue = inQueue;
            appender = outQueue.createAppender();
            tailer = inQueue.createTailer();
            filler = BytesStore.nativeStoreWithFixedCapacity(messageLength - MIN_MESSAGE_LENGTH);
            for (int i = 0; i < messageLength - MIN_MESSAGE_LENGTH; i++)
            {
                filler.writeByte(i, (byte)'x');
            }
        }

        @Override
        public boolean send(final long timestamp, final long sequence)
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                final Bytes<?> bytes = dc.wire().bytes();
                bytes.writeLong(timestamp);
                bytes.writeLong(sequence);
                bytes.write(filler);
            }
            return true;
        }

        @Override
        public boolean receive()
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return false;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final long start = bytes.readPosition();
                echoTimestamp = bytes.readLong(start + TIMESTAMP_OFFSET);
                echoSequence = bytes.readLong(start + SEQUENCE_OFFSET);
                return true;
            }
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
            filler.releaseLast();
            Closeable.closeQuietly(appender, tailer, outQueue, inQueue);
        }
    }

    private static final class ChronicleEcho implements Echo
    {
        private final ChronicleQueue inQueue;
        private final ChronicleQueue outQueue;
        private final ExcerptTailer tailer;
        private final ExcerptAppender appender;

        ChronicleEcho(final ChronicleQueue inQueue, final ChronicleQueue outQueue)
        {
            this.inQueue = inQueue;
            this.outQueue = outQueue;
            tailer = inQueue.createTailer();
            appender = outQueue.createAppender();
        }

        @Override
        public int echo()
        {
            int count = 0;
            boolean stopped = false;
            while (true)
            {
                try (DocumentContext in = tailer.readingDocument())
                {
                    if (!in.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = in.wire().bytes();
                    stopped |= bytes.readLong(bytes.readPosition() + SEQUENCE_OFFSET) == STOP;
                    try (DocumentContext out = appender.writingDocument())
                    {
                        out.wire().bytes().write(bytes);
                    }
                }
                count++;
            }
            return stopped ? -1 : count;
        }

        @Override
        public void close()
        {
            Closeable.closeQuietly(appender, tailer, outQueue, inQueue);
        }
    }
}
