package io.ipcsync.bench.throughput;

import io.ipcsync.bench.JvmFlags;
import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * {@link ArrayBlockingQueue}, the JDK's bounded queue, as the baseline: the producer calls the
 * non-blocking {@code offer} with a message object allocated per message (a boxed {@code Long}
 * for 8 bytes, a new {@code byte[]} for 1 KiB); the consumer takes up to a batch with
 * {@code drainTo} into a reused list (one lock acquisition per batch). The queue holds as many
 * messages as the byte rings hold ({@link Workload#queueCapacity(int)}).
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
public class ArrayBlockingQueueThroughput
{
    /** Message size in bytes. */
    @Param({Workload.SIZE_8, Workload.SIZE_1K})
    public int size;

    private ArrayBlockingQueue<Object> queue;
    private byte[] source;
    /** A message created but not yet accepted by a full queue: sent first next time. */
    private Object pending;

    /** Creates the benchmark; JMH calls this. */
    public ArrayBlockingQueueThroughput()
    {
    }

    /** Creates the queue. */
    @Setup(Level.Trial)
    public void setUp()
    {
        queue = new ArrayBlockingQueue<>(Workload.queueCapacity(size));
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
        final ArrayList<Object> batch = consumer.batch;
        final int count = queue.drainTo(batch, Workload.BATCH_LIMIT);
        for (int i = 0; i < count; i++)
        {
            HeapMessages.check(consumer, batch.get(i));
        }
        batch.clear();
        consumer.count(control, count);
    }

    /** The consumer thread's state: a reused batch list; checks each message's sequence fields. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Consumer extends Receiver
    {
        final ArrayList<Object> batch = new ArrayList<>(Workload.BATCH_LIMIT);

        /** Creates the state; JMH calls this. */
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
    }
}
