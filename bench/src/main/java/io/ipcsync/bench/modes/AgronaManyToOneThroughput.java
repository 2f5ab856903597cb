package io.ipcsync.bench.modes;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.ScratchDir;
import io.ipcsync.bench.throughput.Workload;
import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
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
 * Agrona {@link ManyToOneRingBuffer} over a file mapped from {@code /dev/shm}, as processes would
 * share it: the peer of {@link MpscThroughput}. Every producer thread calls {@code write}, a copy
 * from its source buffer (Agrona has no primitive fast path); the consumer calls
 * {@code read(handler, limit)}. Groups {@code one} and {@code two} have one and two producer threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
@State(Scope.Group)
public class AgronaManyToOneThroughput
{
    /** Message size in bytes. */
    @Param({Workload.SIZE_8, Workload.SIZE_1K})
    public int size;

    private final AtomicInteger producerIds = new AtomicInteger();
    private Path dir;
    private MappedByteBuffer mapped;
    private ManyToOneRingBuffer ring;

    /** Creates the benchmark; JMH calls this. */
    public AgronaManyToOneThroughput()
    {
    }

    /** Maps a new ring file. */
    @Setup(Level.Trial)
    public void setUp()
    {
        dir = ScratchDir.create("agrona-m2o");
        final File file = dir.resolve("m2o.ring").toFile();
        mapped = IoUtil.mapNewFile(file, Workload.RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH);
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(mapped));
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
     * @param sender the producer thread's id and sequence.
     * @return true if the message was written, false if the channel was full.
     */
    @Benchmark
    @Group("one")
    @GroupThreads(1)
    public boolean oneProducer(final Sender sender)
    {
        return sender.offer(size);
    }

    /**
     * Polls a batch.
     *
     * @param receiver checks and counts the messages.
     * @param control  JMH's iteration control.
     */
    @Benchmark
    @Group("one")
    @GroupThreads(1)
    public void oneConsumer(final Receiver receiver, final Control control)
    {
        receiver.count(control, ring.read(receiver, Workload.BATCH_LIMIT));
    }

    /**
     * Sends one message from each of two producer threads.
     *
     * @param sender the producer thread's id and sequence.
     * @return true if the message was written, false if the channel was full.
     */
    @Benchmark
    @Group("two")
    @GroupThreads(2)
    public boolean twoProducers(final Sender sender)
    {
        return sender.offer(size);
    }

    /**
     * Polls a batch.
     *
     * @param receiver checks and counts the messages.
     * @param control  JMH's iteration control.
     */
    @Benchmark
    @Group("two")
    @GroupThreads(1)
    public void twoConsumer(final Receiver receiver, final Control control)
    {
        receiver.count(control, ring.read(receiver, Workload.BATCH_LIMIT));
    }

    /** A producer thread's id, sequence and source buffer. */
    @State(Scope.Thread)
    public static class Sender
    {
        private int id;
        private long sequence;
        private ManyToOneRingBuffer ring;
        private UnsafeBuffer source;

        /** Creates the state; JMH calls this. */
        public Sender()
        {
        }

        /**
         * Takes this thread's producer id.
         *
         * @param bench the benchmark whose ring it writes.
         */
        @Setup(Level.Trial)
        public void setUp(final AgronaManyToOneThroughput bench)
        {
            id = bench.producerIds.getAndIncrement();
            ring = bench.ring;
            source = new UnsafeBuffer(new byte[bench.size]);
            source.setMemory(0, bench.size, (byte)'x');
        }

        boolean offer(final int size)
        {
            final long value = PerProducerReceiver.value(id, sequence);
            source.putLong(0, value);
            source.putLong(size - 8, value);
            if (ring.write(Workload.TYPE_ID, source, 0, size))
            {
                sequence++;
                return true;
            }
            return false;
        }
    }

    /** The consumer thread's state and handler: checks each producer's order. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Receiver extends PerProducerReceiver implements MessageHandler
    {
        /** Creates the state; JMH calls this. */
        public Receiver()
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
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            onMessage(buffer.getLong(index), buffer.getLong(index + length - 8));
        }
    }
}
