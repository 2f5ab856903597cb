package io.ipcsync.bench.latency;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.throughput.Workload;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The floor under every shared-memory ring: no ring at all, one slot per direction in a file both
 * processes map. A slot is a {@code long} count of the messages written into it followed by the
 * message, starting on a page of its own, so a 32-byte message and its count share one cache line.
 * The writer copies the message in and stores the count with release semantics; the reader spins
 * on the count with acquire loads and copies the message out. With one message in flight (the
 * harness sends the next ping only after the echo of the last came back) nothing else is needed.
 *
 * <p>It is not a transport anyone should use (no backlog, no framing, no liveness); the harness
 * runs it to show what one hand-off of one cache line each way costs on this machine, which is
 * what a ring's round trip cannot go below: the reader holds the line it spins on, so every
 * message costs the writer taking that line back and the reader fetching it again, in each
 * direction.
 */
public final class CacheLineTransport implements PingPongTransport
{
    private static final String FILE = "lines";
    private static final int PING_SLOT = 0;
    private static final int SLOT_STRIDE = 4096;
    private static final int ECHO_SLOT = SLOT_STRIDE;
    private static final int MESSAGE_OFFSET = Long.BYTES;

    /** Creates the transport. */
    public CacheLineTransport()
    {
    }

    @Override
    public String id()
    {
        return "line";
    }

    @Override
    public String displayName()
    {
        return "one cache line each way (no ring: the floor)";
    }

    @Override
    public List<String> jvmFlags()
    {
        return List.of(JvmFlags.AGRONA);
    }

    @Override
    public AutoCloseable createShared(final Path dir, final int messageLength)
    {
        if (MESSAGE_OFFSET + messageLength > SLOT_STRIDE)
        {
            throw new IllegalArgumentException("message length " + messageLength + " does not fit a slot of " + SLOT_STRIDE);
        }
        IoUtil.unmap(IoUtil.mapNewFile(file(dir), 2L * SLOT_STRIDE));
        return () -> { };
    }

    @Override
    public Ping openPing(final Path dir, final int messageLength)
    {
        return new LinePing(file(dir), messageLength);
    }

    @Override
    public Echo openEcho(final Path dir, final int messageLength)
    {
        return new LineEcho(file(dir), messageLength);
    }

    private static File file(final Path dir)
    {
        return dir.resolve(FILE).toFile();
    }

    /** One direction: the writer's count of messages written, and the reader's count of messages read. */
    private static final class Slot
    {
        private final UnsafeBuffer buffer;
        private final int offset;
        private long count;

        Slot(final UnsafeBuffer buffer, final int offset)
        {
            this.buffer = buffer;
            this.offset = offset;
        }

        /** Stores the message written at {@link #messageIndex()} as the next one. */
        void publish()
        {
            buffer.putLongRelease(offset, ++count);
        }

        /** Returns true if a message was written since the last one read, and counts it read. */
        boolean take()
        {
            if (buffer.getLongAcquire(offset) == count)
            {
                return false;
            }
            count++;
            return true;
        }

        int messageIndex()
        {
            return offset + MESSAGE_OFFSET;
        }
    }

    private static final class LinePing implements Ping
    {
        private final MappedByteBuffer file;
        private final UnsafeBuffer lines;
        private final Slot out;
        private final Slot in;
        private final UnsafeBuffer message;
        private long echoTimestamp;
        private long echoSequence;

        LinePing(final File file, final int messageLength)
        {
            this.file = IoUtil.mapExistingFile(file, file.getName());
            lines = new UnsafeBuffer(this.file);
            out = new Slot(lines, PING_SLOT);
            in = new Slot(lines, ECHO_SLOT);
            message = Workload.messageSource(messageLength);
        }

        @Override
        public boolean send(final long timestamp, final long sequence)
        {
            message.putLong(TIMESTAMP_OFFSET, timestamp);
            message.putLong(SEQUENCE_OFFSET, sequence);
            lines.putBytes(out.messageIndex(), message, 0, message.capacity());
            out.publish();
            return true;
        }

        @Override
        public boolean receive()
        {
            if (!in.take())
            {
                return false;
            }
            echoTimestamp = lines.getLong(in.messageIndex() + TIMESTAMP_OFFSET);
            echoSequence = lines.getLong(in.messageIndex() + SEQUENCE_OFFSET);
            return true;
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
            IoUtil.unmap(file);
        }
    }

    private static final class LineEcho implements Echo
    {
        private final MappedByteBuffer file;
        private final UnsafeBuffer lines;
        private final Slot in;
        private final Slot out;
        private final int messageLength;

        LineEcho(final File file, final int messageLength)
        {
            this.file = IoUtil.mapExistingFile(file, file.getName());
            lines = new UnsafeBuffer(this.file);
            in = new Slot(lines, PING_SLOT);
            out = new Slot(lines, ECHO_SLOT);
            this.messageLength = messageLength;
        }

        @Override
        public int echo()
        {
            if (!in.take())
            {
                return 0;
            }
            lines.putBytes(out.messageIndex(), lines, in.messageIndex(), messageLength);
            out.publish();
            return lines.getLong(in.messageIndex() + SEQUENCE_OFFSET) == STOP ? -1 : 1;
        }

        @Override
        public void close()
        {
            IoUtil.unmap(file);
        }
    }
}
