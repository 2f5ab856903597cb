package io.ipcsync.bench.latency;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.throughput.Workload;
import io.ipcsync.bench.throughput.Workload;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Two Agrona {@link OneToOneRingBuffer}s in files mapped by both processes: {@code ping.ring}
 * (ping to echo) and {@code echo.ring} (back), each with a 1 MiB ring like the throughput
 * benchmarks. Messages are sent with {@code write} and read with {@code read(handler, limit)}.
 */
public final class AgronaRingTransport implements PingPongTransport
{
    private static final String PING_FILE = "ping.ring";
    private static final String ECHO_FILE = "echo.ring";
    private static final int FILE_LENGTH = Workload.RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH;

    /** Creates the transport. */
    public AgronaRingTransport()
    {
    }

    @Override
    public String id()
    {
        return "agrona";
    }

    @Override
    public String displayName()
    {
        return "Agrona OneToOneRingBuffer";
    }

    @Override
    public List<String> jvmFlags()
    {
        return List.of(JvmFlags.AGRONA);
    }

    @Override
    public AutoCloseable createShared(final Path dir, final int messageLength)
    {
        IoUtil.unmap(IoUtil.mapNewFile(dir.resolve(PING_FILE).toFile(), FILE_LENGTH));
        IoUtil.unmap(IoUtil.mapNewFile(dir.resolve(ECHO_FILE).toFile(), FILE_LENGTH));
        return () -> { };
    }

    @Override
    public Ping openPing(final Path dir, final int messageLength)
    {
        return new AgronaPing(dir.resolve(PING_FILE).toFile(), dir.resolve(ECHO_FILE).toFile(), messageLength);
    }

    @Override
    public Echo openEcho(final Path dir, final int messageLength)
    {
        return new AgronaEcho(dir.resolve(PING_FILE).toFile(), dir.resolve(ECHO_FILE).toFile());
    }

    private static MappedByteBuffer map(final File file)
    {
        return IoUtil.mapExistingFile(file, file.getName());
    }

    private static final class AgronaPing implements Ping, MessageHandler
    {
        private final MappedByteBuffer outFile;
        private final MappedByteBuffer inFile;
        private final OneToOneRingBuffer out;
        private final OneToOneRingBuffer in;
        private final UnsafeBuffer message;
        private long echoTimestamp;
        private long echoSequence;

        AgronaPing(final File outFile, final File inFile, final int messageLength)
        {
            this.outFile = map(outFile);
            this.inFile = map(inFile);
            out = new OneToOneRingBuffer(new UnsafeBuffer(this.outFile));
            in = new OneToOneRingBuffer(new UnsafeBuffer(this.inFile));
            message = Workload.messageSource(messageLength);
        }

        @Override
        public boolean send(final long timestamp, final long sequence)
        {
            message.putLong(TIMESTAMP_OFFSET, timestamp);
            message.putLong(SEQUENCE_OFFSET, sequence);
            return out.write(TYPE_ID, message, 0, message.capacity());
        }

        @Override
        public boolean receive()
        {
            return in.read(this, 1) > 0;
        }

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
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
            IoUtil.unmap(outFile);
            IoUtil.unmap(inFile);
        }
    }

    private static final class AgronaEcho implements Echo, MessageHandler
    {
        private final MappedByteBuffer inFile;
        private final MappedByteBuffer outFile;
        private final OneToOneRingBuffer in;
        private final OneToOneRingBuffer out;
        private boolean stopped;

        AgronaEcho(final File inFile, final File outFile)
        {
            this.inFile = map(inFile);
            this.outFile = map(outFile);
            in = new OneToOneRingBuffer(new UnsafeBuffer(this.inFile));
            out = new OneToOneRingBuffer(new UnsafeBuffer(this.outFile));
        }

        @Override
        public int echo()
        {
            final int count = in.read(this, Workload.BATCH_LIMIT);
            return stopped ? -1 : count;
        }

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            while (!out.write(msgTypeId, buffer, index, length))
            {
                Thread.onSpinWait();
            }
            stopped |= buffer.getLong(index + SEQUENCE_OFFSET) == STOP;
        }

        @Override
        public void close()
        {
            IoUtil.unmap(inFile);
            IoUtil.unmap(outFile);
        }
    }
}
