package io.ipcsync.bench.throughput;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.ScratchDir;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * Agrona {@link OneToOneRingBuffer} over a file mapped from {@code /dev/shm}, as two processes
 * would share it: {@code write} copies each message from a source buffer, {@code tryClaim} writes
 * it in place and commits; the consumer calls {@code read(handler, limit)}.
 *
 * <p>Producer and consumer are the two threads of a JMH {@code @Group}, so the score (aux counter
 * {@code received}) is messages that arrived and were checked while JMH measured both threads;
 * see the {@linkplain io.ipcsync.bench.throughput package} for why this is the honest measure.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
@State(Scope.Group)
public class AgronaRingBufferThroughput
{
    /** Message size in bytes. */
    @Param({Workload.SIZE_8, Workload.SIZE_1K})
    public int size;

    private Path dir;
    private MappedByteBuffer mapped;
    private OneToOneRingBuffer ring;
    private UnsafeBuffer source;

    /** Creates the benchmark; JMH calls this. */
    public AgronaRingBufferThroughput()
    {
    }

    /** Maps a new ring file. */
    @Setup(Level.Trial)
    public void setUp()
    {
        dir = ScratchDir.create("agrona");
        final File file = dir.resolve("o2o.ring").toFile();
        mapped = IoUtil.mapNewFile(file, Workload.RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH);
        ring = new OneToOneRingBuffer(new UnsafeBuffer(mapped));
        source = Workload.messageSource(size);
    }

    /** Unmaps and deletes the ring file. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        IoUtil.unmap(mapped);
        ScratchDir.delete(dir);
    }

    /**
     * Sends one message with {@code write}.
     *
     * @param sender the producer's sequence.
     * @return true if the message was written, false if the ring was full.
     */
    @Benchmark
    @Group("write")
    @GroupThreads(1)
    public boolean writeProducer(final Sender sender)
    {
        final long sequence = sender.sequence;
        final UnsafeBuffer source = this.source;
        source.putLong(0, sequence);
        source.putLong(size - 8, sequence);
        if (ring.write(Workload.TYPE_ID, source, 0, size))
        {
            sender.sequence = sequence + 1;
            return true;
        }
        return false;
    }

    /**
     * Reads a batch.
     *
     * @param consumer checks and counts the messages.
     * @param control  JMH's iteration control.
     */
    @Benchmark
    @Group("write")
    @GroupThreads(1)
    public void writeConsumer(final Consumer consumer, final Control control)
    {
        consumer.count(control, ring.read(consumer, Workload.BATCH_LIMIT));
    }

    /**
     * Sends one message with {@code tryClaim}, writing it in place.
     *
     * @param sender the producer's sequence.
     * @return true if the message was committed, false if the ring was full.
     */
    @Benchmark
    @Group("tryClaim")
    @GroupThreads(1)
    public boolean tryClaimProducer(final Sender sender)
    {
        final int size = this.size;
        final int index = ring.tryClaim(Workload.TYPE_ID, size);
        if (index < 0)
        {
            return false;
        }
        final long sequence = sender.sequence;
        final AtomicBuffer buffer = ring.buffer();
        if (size > 16)
        {
            buffer.putBytes(index + 8, source, 8, size - 16);
        }
        buffer.putLong(index, sequence);
        buffer.putLong(index + size - 8, sequence);
        ring.commit(index);
        sender.sequence = sequence + 1;
        return true;
    }

    /**
     * Reads a batch.
     *
     * @param consumer checks and counts the messages.
     * @param control  JMH's iteration control.
     */
    @Benchmark
    @Group("tryClaim")
    @GroupThreads(1)
    public void tryClaimConsumer(final Consumer consumer, final Control control)
    {
        consumer.count(control, ring.read(consumer, Workload.BATCH_LIMIT));
    }

    /** The consumer thread's handler: checks each message's sequence fields. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Consumer extends Receiver implements MessageHandler
    {
        /** Creates the handler; JMH calls this. */
        public Consumer()
        {
        }

        /**
         * Returns messages received while measured: the benchmark's score.
         *
         * @return messages received while measured: the benchmark's score.
         */
        public long received()
        {
            return receivedCount();
        }

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            onMessage(buffer.getLong(index), buffer.getLong(index + length - 8));
        }
    }
}
