package io.ipcsync.bench.modes;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.throughput.Workload;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscArrayQueue;
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
 * JCTools {@link MpscArrayQueue}, in one process only: the in-heap peer of {@link MpscThroughput}.
 * Each message is its idiomatic object, a boxed {@code Long} at 8 bytes and a new {@code byte[]} at
 * 1 KiB with the value at both ends; the queue holds as many messages as the 1 MiB rings hold
 * records ({@link Workload#queueCapacity}). The consumer calls {@code drain(consumer, limit)}.
 * Groups {@code one} and {@code two} have one and two producer threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
@State(Scope.Group)
public class JcToolsMpscThroughput
{
    /** Message size in bytes. */
    @Param({Workload.SIZE_8, Workload.SIZE_1K})
    public int size;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final AtomicInteger producerIds = new AtomicInteger();
    private MpscArrayQueue<Object> queue;

    /** Creates the benchmark; JMH calls this. */
    public JcToolsMpscThroughput()
    {
    }

    /** Creates the queue. */
    @Setup(Level.Trial)
    public void setUp()
    {
        queue = new MpscArrayQueue<>(Workload.queueCapacity(size));
    }

    /**
     * Offers one message.
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
        receiver.count(control, queue.drain(receiver, Workload.BATCH_LIMIT));
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
        receiver.count(control, queue.drain(receiver, Workload.BATCH_LIMIT));
    }

    /** A producer thread's id, sequence, and the message a full queue refused. */
    @State(Scope.Thread)
    public static class Sender
    {
        private int id;
        private long sequence;
        private MpscArrayQueue<Object> queue;
        private byte[] source;
        private Object pending;

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
        public void setUp(final JcToolsMpscThroughput bench)
        {
            id = bench.producerIds.getAndIncrement();
            queue = bench.queue;
            source = new byte[bench.size];
            Arrays.fill(source, (byte)'x');
        }

        boolean offer(final int size)
        {
            Object message = pending;
            if (message == null)
            {
                final long value = PerProducerReceiver.value(id, sequence);
                if (size == 8)
                {
                    message = value;
                }
                else
                {
                    final byte[] bytes = new byte[size];
                    System.arraycopy(source, 8, bytes, 8, size - 16);
                    LONGS.set(bytes, 0, value);
                    LONGS.set(bytes, size - 8, value);
                    message = bytes;
                }
            }
            if (queue.offer(message))
            {
                pending = null;
                sequence++;
                return true;
            }
            pending = message;
            return false;
        }
    }

    /** The consumer thread's state and handler: checks each producer's order. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Receiver extends PerProducerReceiver implements MessagePassingQueue.Consumer<Object>
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
        public void accept(final Object message)
        {
            if (message instanceof Long)
            {
                final long value = (Long)message;
                onMessage(value, value);
            }
            else
            {
                final byte[] bytes = (byte[])message;
                onMessage((long)LONGS.get(bytes, 0), (long)LONGS.get(bytes, bytes.length - 8));
            }
        }
    }
}
