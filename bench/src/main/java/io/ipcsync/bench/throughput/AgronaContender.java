package io.ipcsync.bench.throughput;

import io.ipcsync.bench.ScratchDir;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.function.Function;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Agrona {@link OneToOneRingBuffer} or {@link ManyToOneRingBuffer} (one producer) over a file
 * mapped from {@code /dev/shm} in {@link InterleavedRace}: the same ring, sends and checks as
 * {@link AgronaRingBufferThroughput}, one subclass per send path.
 */
abstract class AgronaContender extends Contender
{
    private final MessageHandler handler = this::onMessage;
    private Path dir;
    private MappedByteBuffer mapped;
    private final Function<AtomicBuffer, RingBuffer> kind;
    RingBuffer ring;
    UnsafeBuffer source;
    int size;

    AgronaContender(final String path, final Function<AtomicBuffer, RingBuffer> kind)
    {
        super("Agrona " + path);
        this.kind = kind;
    }

    @Override
    void open(final int size)
    {
        this.size = size;
        dir = ScratchDir.create("agrona");
        final File file = dir.resolve("o2o.ring").toFile();
        mapped = IoUtil.mapNewFile(file, Workload.RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH);
        ring = kind.apply(new UnsafeBuffer(mapped));
        source = Workload.messageSource(size);
    }

    @Override
    void close()
    {
        if (mapped != null)
        {
            IoUtil.unmap(mapped);
        }
        ScratchDir.delete(dir);
    }

    @Override
    void receive(final Slice slice)
    {
        final RingBuffer ring = this.ring;
        final MessageHandler handler = this.handler;
        final long start = expected;
        while (!slice.stopped)
        {
            ring.read(handler, Workload.BATCH_LIMIT);
        }
        slice.receivedWhileRunning = expected - start;
        while (inFlight(slice))
        {
            ring.read(handler, Workload.BATCH_LIMIT);
        }
    }

    private void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        check(buffer.getLong(index), buffer.getLong(index + length - 8));
    }

    /** {@code write}, copying each message from a source buffer. */
    static final class Write extends AgronaContender
    {
        Write(final Function<AtomicBuffer, RingBuffer> kind)
        {
            super("write", kind);
        }

        @Override
        long send(final long first, final Slice slice)
        {
            final RingBuffer ring = this.ring;
            final UnsafeBuffer source = this.source;
            final int size = this.size;
            long sequence = first;
            while (!slice.stopped)
            {
                source.putLong(0, sequence);
                source.putLong(size - 8, sequence);
                if (ring.write(Workload.TYPE_ID, source, 0, size))
                {
                    sequence++;
                }
            }
            return sequence;
        }
    }

    /** {@code tryClaim}, writing each message in place, then {@code commit}. */
    static final class TryClaim extends AgronaContender
    {
        TryClaim(final Function<AtomicBuffer, RingBuffer> kind)
        {
            super("tryClaim", kind);
        }

        @Override
        long send(final long first, final Slice slice)
        {
            final RingBuffer ring = this.ring;
            final AtomicBuffer buffer = ring.buffer();
            final UnsafeBuffer source = this.source;
            final int size = this.size;
            long sequence = first;
            while (!slice.stopped)
            {
                final int index = ring.tryClaim(Workload.TYPE_ID, size);
                if (index >= 0)
                {
                    if (size > 16)
                    {
                        buffer.putBytes(index + 8, source, 8, size - 16);
                    }
                    buffer.putLong(index, sequence);
                    buffer.putLong(index + size - 8, sequence);
                    ring.commit(index);
                    sequence++;
                }
            }
            return sequence;
        }
    }
}
