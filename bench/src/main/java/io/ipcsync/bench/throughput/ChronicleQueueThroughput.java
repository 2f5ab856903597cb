package io.ipcsync.bench.throughput;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.ScratchDir;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesIn;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.ReadBytesMarshallable;
import net.openhft.chronicle.core.io.Closeable;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
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
 * Chronicle Queue in a scratch directory under {@code /dev/shm}: {@code writeBytes} copies each
 * message from a native source and the tailer reads it with {@code readBytes(marshallable)};
 * {@code writingDocument} writes it in place and the tailer reads it in place with
 * {@code readingDocument}. Both ends read in place (no copy out of the queue).
 *
 * <p>Producer and consumer are the two threads of a JMH {@code @Group}, so the score (aux counter
 * {@code received}) is messages that arrived and were checked while JMH measured; this matters most
 * here, since the queue is unbounded and its producer never waits for the consumer. See the
 * {@linkplain io.ipcsync.bench.throughput package} for more.
 *
 * <p>The queue keeps every message in a file (about 1 GB per million 1 KiB messages), so it is
 * created afresh for each iteration and deleted after it; appender and tailer are created on first
 * use by the thread that uses them, as Chronicle wants.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {
    JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH,
    JvmFlags.CHRONICLE_REFLECT, JvmFlags.CHRONICLE_NIO_CH_EXPORT, JvmFlags.CHRONICLE_REF,
    JvmFlags.CHRONICLE_NIO_CH_OPEN, JvmFlags.CHRONICLE_LANG, JvmFlags.CHRONICLE_NIO,
    JvmFlags.CHRONICLE_NO_ANALYTICS})
@State(Scope.Group)
public class ChronicleQueueThroughput
{
    /** Message size in bytes. */
    @Param({Workload.SIZE_8, Workload.SIZE_1K})
    public int size;

    private BytesStore<?, ?> source;
    private Path dir;
    private ChronicleQueue queue;
    private ExcerptAppender appender;
    private ExcerptTailer tailer;

    /** Creates the benchmark; JMH calls this. */
    public ChronicleQueueThroughput()
    {
    }

    /** Allocates the native source message. */
    @Setup(Level.Trial)
    public void allocate()
    {
        source = BytesStore.nativeStoreWithFixedCapacity(size);
        for (int i = 0; i < size; i++)
        {
            source.writeByte(i, (byte)'x');
        }
    }

    /** Frees the source. */
    @TearDown(Level.Trial)
    public void free()
    {
        source.releaseLast();
    }

    /** Creates a new, empty queue. */
    @Setup(Level.Iteration)
    public void createQueue()
    {
        dir = ScratchDir.create("chronicle");
        queue = SingleChronicleQueueBuilder.binary(dir).build();
    }

    /** Closes the queue and deletes its files. */
    @TearDown(Level.Iteration)
    public void deleteQueue()
    {
        Closeable.closeQuietly(appender, tailer, queue);
        appender = null;
        tailer = null;
        ScratchDir.delete(dir);
    }

    private ExcerptAppender appender()
    {
        final ExcerptAppender appender = this.appender;
        return appender != null ? appender : (this.appender = queue.createAppender());
    }

    private ExcerptTailer tailer()
    {
        final ExcerptTailer tailer = this.tailer;
        return tailer != null ? tailer : (this.tailer = queue.createTailer());
    }

    /**
     * Appends one message with {@code writeBytes}.
     *
     * @param sender the producer's sequence, restarted with each queue.
     * @return always true: the queue is never full.
     */
    @Benchmark
    @Group("writeBytes")
    @GroupThreads(1)
    public boolean writeBytesProducer(final IterationSender sender)
    {
        final long sequence = sender.sequence;
        final BytesStore<?, ?> source = this.source;
        source.writeLong(0, sequence);
        source.writeLong(size - 8, sequence);
        appender().writeBytes(source);
        sender.sequence = sequence + 1;
        return true;
    }

    /**
     * Reads up to a batch with {@code readBytes}.
     *
     * @param consumer checks and counts the messages.
     * @param control  JMH's iteration control.
     */
    @Benchmark
    @Group("writeBytes")
    @GroupThreads(1)
    public void writeBytesConsumer(final Consumer consumer, final Control control)
    {
        final ExcerptTailer tailer = tailer();
        int count = 0;
        while (count < Workload.BATCH_LIMIT && tailer.readBytes(consumer))
        {
            count++;
        }
        consumer.count(control, count);
    }

    /**
     * Appends one message written in place with {@code writingDocument}.
     *
     * @param sender the producer's sequence, restarted with each queue.
     * @return always true: the queue is never full.
     */
    @Benchmark
    @Group("writingDocument")
    @GroupThreads(1)
    public boolean writingDocumentProducer(final IterationSender sender)
    {
        final long sequence = sender.sequence;
        final int size = this.size;
        try (DocumentContext dc = appender().writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeLong(sequence);
            if (size > 8)
            {
                bytes.write(source, 8L, size - 16);
                bytes.writeLong(sequence);
            }
        }
        sender.sequence = sequence + 1;
        return true;
    }

    /**
     * Reads up to a batch with {@code readingDocument}.
     *
     * @param consumer checks and counts the messages.
     * @param control  JMH's iteration control.
     */
    @Benchmark
    @Group("writingDocument")
    @GroupThreads(1)
    public void writingDocumentConsumer(final Consumer consumer, final Control control)
    {
        final ExcerptTailer tailer = tailer();
        int count = 0;
        while (count < Workload.BATCH_LIMIT)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                consumer.read(dc.wire().bytes());
            }
            count++;
        }
        consumer.count(control, count);
    }

    /** The producer's sequence, restarted with every new queue. */
    @State(Scope.Thread)
    public static class IterationSender extends Sender
    {
        /** Creates the sender; JMH calls this. */
        public IterationSender()
        {
        }

        /** Each iteration writes into a new queue, starting at sequence 0. */
        @Setup(Level.Iteration)
        public void restart()
        {
            sequence = 0;
        }
    }

    /** The consumer thread's reader: checks each message's sequence fields. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Consumer extends Receiver implements ReadBytesMarshallable
    {
        /** Creates the reader; JMH calls this. */
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

        /** Each iteration reads a new queue, starting at sequence 0. */
        @Setup(Level.Iteration)
        public void restart()
        {
            restartSequence();
        }

        @Override
        public void readMarshallable(final BytesIn<?> bytes)
        {
            onMessage(bytes.readLong(bytes.readPosition()), bytes.readLong(bytes.readLimit() - 8));
        }

        /**
         * Checks the message held by a document's bytes.
         *
         * @param bytes the document, positioned at the start of the message.
         */
        void read(final Bytes<?> bytes)
        {
            onMessage(bytes.readLong(bytes.readPosition()), bytes.readLong(bytes.readLimit() - 8));
        }
    }
}
