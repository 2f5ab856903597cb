package io.ipcsync.bench.modes;

import io.ipcsync.bench.JvmFlags;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpmcArrayQueue;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * JCTools {@link MpmcArrayQueue} between threads of one process: producers {@code offer} a boxed
 * {@code Long}, consumers {@code drain} up to a batch; 2 producers and 2 consumers, and 1 and 1.
 * The queue holds 65,536 messages, the backlog of a 1 MiB byte ring of 8-byte messages (the SPSC
 * comparison's rule). See the {@linkplain io.ipcsync.bench.modes package}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH})
@State(Scope.Group)
public class JcToolsMpmcThroughput
{
    /** Queue capacity: see the class comment. */
    static final int CAPACITY = 1 << 16;

    private MpmcArrayQueue<Long> queue;

    /** Creates the benchmark; JMH calls this. */
    public JcToolsMpmcThroughput()
    {
    }

    /** Creates the queue. */
    @Setup(Level.Trial)
    public void setUp()
    {
        queue = new MpmcArrayQueue<>(CAPACITY);
    }

    /**
     * Offers one message (2 producers).
     *
     * @param sender this thread's id and sequence.
     * @return true if queued, false if the queue was full.
     */
    @Benchmark
    @Group("twoByTwo")
    @GroupThreads(2)
    public boolean twoByTwoProducer(final ModeSender sender)
    {
        final Long message = sender.boxed();
        return sender.sent(message, queue.offer(message));
    }

    /**
     * Drains a batch (2 consumers).
     *
     * @param consumer checks and counts.
     * @param control  JMH's control.
     */
    @Benchmark
    @Group("twoByTwo")
    @GroupThreads(2)
    public void twoByTwoConsumer(final Consumer consumer, final Control control)
    {
        consumer.count(control, queue.drain(consumer, IpcsyncSlotChannel.BATCH_LIMIT));
    }

    /**
     * Offers one message (1 producer).
     *
     * @param sender this thread's id and sequence.
     * @return true if queued, false if the queue was full.
     */
    @Benchmark
    @Group("oneByOne")
    @GroupThreads(1)
    public boolean oneByOneProducer(final ModeSender sender)
    {
        final Long message = sender.boxed();
        return sender.sent(message, queue.offer(message));
    }

    /**
     * Drains a batch (1 consumer).
     *
     * @param consumer checks and counts.
     * @param control  JMH's control.
     */
    @Benchmark
    @Group("oneByOne")
    @GroupThreads(1)
    public void oneByOneConsumer(final Consumer consumer, final Control control)
    {
        consumer.count(control, queue.drain(consumer, IpcsyncSlotChannel.BATCH_LIMIT));
    }

    /** A consumer thread's drain callback: checks and counts. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Consumer extends ModeReceiver implements MessagePassingQueue.Consumer<Long>
    {
        /** Creates the callback; JMH calls this. */
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
        public void accept(final Long message)
        {
            onMessage(message);
        }
    }
}
