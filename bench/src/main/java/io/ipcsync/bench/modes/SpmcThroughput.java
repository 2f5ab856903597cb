package io.ipcsync.bench.modes;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.MessageHandler;
import io.ipcsync.core.ChannelMode;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * ipcsync SPMC channel between threads of one process: one producer ({@code offerLong}, no CAS on
 * the tail), each consumer thread with its own consumer ({@code poll}, a CAS on the head per
 * message); 1 producer and 2 consumers, and 1 and 1. See the
 * {@linkplain io.ipcsync.bench.modes package} for the workload and the score.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
@State(Scope.Group)
public class SpmcThroughput
{
    final IpcsyncSlotChannel channel = new IpcsyncSlotChannel();

    /** Creates the benchmark; JMH calls this. */
    public SpmcThroughput()
    {
    }

    /** Creates the channel file. */
    @Setup(Level.Trial)
    public void setUp()
    {
        channel.open(ChannelMode.SPMC);
    }

    /** Deletes the channel. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        channel.close();
    }

    /**
     * Sends one message (1 producer, 2 consumers).
     *
     * @param producer this thread's producer.
     * @param sender   this thread's id and sequence.
     * @return true if sent, false if the channel was full.
     */
    @Benchmark
    @Group("oneByTwo")
    @GroupThreads(1)
    public boolean oneByTwoProducer(final Producer producer, final ModeSender sender)
    {
        return producer.send(sender);
    }

    /**
     * Polls a batch (2 consumers).
     *
     * @param consumer this thread's consumer.
     * @param control  JMH's control.
     */
    @Benchmark
    @Group("oneByTwo")
    @GroupThreads(2)
    public void oneByTwoConsumer(final Consumer consumer, final Control control)
    {
        IpcsyncSlotChannel.poll(consumer.consumer, consumer.handler, consumer, control);
    }

    /**
     * Sends one message (1 producer).
     *
     * @param producer this thread's producer.
     * @param sender   this thread's id and sequence.
     * @return true if sent, false if the channel was full.
     */
    @Benchmark
    @Group("oneByOne")
    @GroupThreads(1)
    public boolean oneByOneProducer(final Producer producer, final ModeSender sender)
    {
        return producer.send(sender);
    }

    /**
     * Polls a batch (1 consumer).
     *
     * @param consumer this thread's consumer.
     * @param control  JMH's control.
     */
    @Benchmark
    @Group("oneByOne")
    @GroupThreads(1)
    public void oneByOneConsumer(final Consumer consumer, final Control control)
    {
        IpcsyncSlotChannel.poll(consumer.consumer, consumer.handler, consumer, control);
    }

    /** A producer thread's own channel producer. */
    @State(Scope.Thread)
    public static class Producer
    {
        ChannelProducer producer;

        /** Creates the state; JMH calls this. */
        public Producer()
        {
        }

        /**
         * Attaches a producer.
         *
         * @param benchmark the group's channel.
         */
        @Setup(Level.Trial)
        public void open(final SpmcThroughput benchmark)
        {
            producer = benchmark.channel.producer();
        }

        /** Detaches. */
        @TearDown(Level.Trial)
        public void close()
        {
            producer.close();
        }

        boolean send(final ModeSender sender)
        {
            if (producer.offerLong(IpcsyncSlotChannel.TYPE_ID, sender.message()))
            {
                sender.sequence++;
                return true;
            }
            return false;
        }
    }

    /** A consumer thread's own channel consumer, checking and counting what it takes. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Consumer extends ModeReceiver
    {
        ChannelConsumer consumer;
        final MessageHandler handler = (typeId, buffer, index, length) -> onMessage(buffer.getLong(index));

        /** Creates the state; JMH calls this. */
        public Consumer()
        {
        }

        /**
         * Attaches a consumer.
         *
         * @param benchmark the group's channel.
         */
        @Setup(Level.Trial)
        public void open(final SpmcThroughput benchmark)
        {
            consumer = benchmark.channel.consumer();
        }

        /** Detaches. */
        @TearDown(Level.Trial)
        public void close()
        {
            consumer.close();
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
