package io.ipcsync.bench.latency;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.throughput.Workload;
import io.ipcsync.bench.throughput.Workload;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Aeron IPC: the ping process runs an embedded {@link MediaDriver} ({@code ThreadingMode.SHARED},
 * directory under the run's scratch directory in {@code /dev/shm}, deleted on start and shutdown);
 * both processes connect to it as clients. Stream {@value #PING_STREAM} carries pings, stream
 * {@value #ECHO_STREAM} the echoes, both on {@code aeron:ipc} with exclusive publications.
 */
public final class AeronIpcTransport implements PingPongTransport
{
    /** Stream of the pings. */
    static final int PING_STREAM = 1001;
    /** Stream of the echoes. */
    static final int ECHO_STREAM = 1002;
    private static final String CHANNEL = "aeron:ipc";

    /** Creates the transport. */
    public AeronIpcTransport()
    {
    }

    @Override
    public String id()
    {
        return "aeron";
    }

    @Override
    public String displayName()
    {
        return "Aeron IPC";
    }

    @Override
    public List<String> jvmFlags()
    {
        return List.of(JvmFlags.AGRONA);
    }

    private static String aeronDir(final Path dir)
    {
        return dir.resolve("aeron").toString();
    }

    @Override
    public AutoCloseable createShared(final Path dir, final int messageLength)
    {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir(dir))
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
    }

    @Override
    public Ping openPing(final Path dir, final int messageLength)
    {
        return new AeronPing(aeronDir(dir), messageLength);
    }

    @Override
    public Echo openEcho(final Path dir, final int messageLength)
    {
        return new AeronEcho(aeronDir(dir));
    }

    private static final class AeronPing implements Ping, FragmentHandler
    {
        private final Aeron aeron;
        private final ExclusivePublication publication;
        private final Subscription subscription;
        private final UnsafeBuffer message;
        private long echoTimestamp;
        private long echoSequence;

        AeronPing(final String aeronDir, final int messageLength)
        {
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
            publication = aeron.addExclusivePublication(CHANNEL, PING_STREAM);
            subscription = aeron.addSubscription(CHANNEL, ECHO_STREAM);
            message = Workload.messageSource(messageLength);
        }

        @Override
        public boolean send(final long timestamp, final long sequence)
        {
            message.putLong(TIMESTAMP_OFFSET, timestamp);
            message.putLong(SEQUENCE_OFFSET, sequence);
            return publication.offer(message, 0, message.capacity()) > 0;
        }

        @Override
        public boolean receive()
        {
            return subscription.poll(this, 1) > 0;
        }

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            echoTimestamp = buffer.getLong(offset + TIMESTAMP_OFFSET);
            echoSequence = buffer.getLong(offset + SEQUENCE_OFFSET);
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
            CloseHelper.closeAll(publication, subscription, aeron);
        }
    }

    private static final class AeronEcho implements Echo, FragmentHandler
    {
        private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

        private final Aeron aeron;
        private final Subscription subscription;
        private final ExclusivePublication publication;
        private boolean stopped;

        AeronEcho(final String aeronDir)
        {
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
            subscription = aeron.addSubscription(CHANNEL, PING_STREAM);
            publication = aeron.addExclusivePublication(CHANNEL, ECHO_STREAM);
        }

        @Override
        public int echo()
        {
            final int count = subscription.poll(this, Workload.BATCH_LIMIT);
            return stopped ? -1 : count;
        }

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            long deadline = 0;
            long result;
            while ((result = publication.offer(buffer, offset, length)) < 0)
            {
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
                {
                    throw new IllegalStateException("Aeron echo publication failed: " + Publication.errorString(result));
                }
                if (result == Publication.NOT_CONNECTED)
                {
                    // the ping's subscription exists, but the driver may not have linked our publication yet
                    final long now = System.nanoTime();
                    if (deadline == 0)
                    {
                        deadline = now + CONNECT_TIMEOUT_NS;
                    }
                    else if (now > deadline)
                    {
                        throw new IllegalStateException("Aeron echo publication not connected within 10 s");
                    }
                }
            }
            stopped |= buffer.getLong(offset + SEQUENCE_OFFSET) == STOP;
        }

        @Override
        public void close()
        {
            CloseHelper.closeAll(publication, subscription, aeron);
        }
    }
}
