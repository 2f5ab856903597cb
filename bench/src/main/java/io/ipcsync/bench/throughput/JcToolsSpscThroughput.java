package io.ipcsync.bench.throughput;

import io.ipcsync.bench.JvmFlags;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.SpscArrayQueue;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * JCTools {@link SpscArrayQueue} between two threads of one process: the producer {@code offer}s a
 * message object allocated per message (a boxed {@code Long} for 8 bytes, a new {@code byte[]} for
 * 1 KiB: JCTools' idiom, so {@code -prof gc} shows 24 or 1040 B/msg); the consumer {@code drain}s
 * up to a batch. The queue holds as many messages as the byte rings hold
 * ({@link Workload#queueCapacity(int)}).
 *
 * <p>Producer and consumer are the two threads of a JMH {@code @Group}, so the score (aux counter
 * {@code received}) is messages that arrived and were checked while JMH measured both threads;
 * see the {@linkplain io.ipcsync.bench.throughput package} for why.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH})
@State(Scope.Group)
public class JcToolsSpscThroughput
{
    /** Message size in bytes. */
    @Param({Workload.SIZE_8, Workload.SIZE_1K})
    public int size;

    private SpscArrayQueue<Object> queue;
    private byte[] source;
    /** A message created but not yet accepted by a full queue: sent first next time. */
    private Object pending;

    /** Creates the benchmark; JMH calls this. */
    public JcToolsSpscThroughput()
    {
    }

    /** Creates the queue. */
    @Setup(Level.Trial)
    public void setUp()
    {
        queue = new SpscArrayQueue<>(Workload.queueCapacity(size));
        source = HeapMessages.source(size);
    }

    /**
     * Offers one message.
     *
     * @param sender the producer's sequence.
     * @return true if the message was queued, false if the queue was full.
     */
    @Benchmark
    @Group("offer")
    @GroupThreads(1)
    public boolean offerProducer(final Sender sender)
    {
        Object message = pending;
        if (message == null)
        {
            message = HeapMessages.create(source, size, sender.sequence);
        }
        if (queue.offer(message))
        {
            pending = null;
            sender.sequence++;
            return true;
        }
        pending = message;
        return false;
    }

    /**
     * Drains a batch.
     *
     * @param consumer checks and counts the messages.
     * @param control  JMH's iteration control.
     */
    @Benchmark
    @Group("offer")
    @GroupThreads(1)
    public void offerConsumer(final Consumer consumer, final Control control)
    {
        consumer.count(control, queue.drain(consumer, Workload.BATCH_LIMIT));
    }

    /** The consumer thread's drain callback: checks each message's sequence fields. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Consumer extends Receiver implements MessagePassingQueue.Consumer<Object>
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
        public void accept(final Object message)
        {
            HeapMessages.check(this, message);
        }
    }
}
