package io.ipcsync.bench.modes;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.ScratchDir;
import io.ipcsync.bench.throughput.Workload;
import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.channels.MessageHandler;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
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
 * ipcsync MPSC channel, a 1 MiB ring in a file under {@code /dev/shm} like the Agrona peer
 * ({@link AgronaManyToOneThroughput}): groups {@code one} and {@code two} have one and two producer
 * threads, each with its own producer handle, sending with {@code offerLong} at 8 bytes (the
 * primitive fast path) and {@code offer} (a copy from a source buffer) at 1 KiB; group
 * {@code oneOffer} uses {@code offer} at every size, the same call as Agrona's {@code write}. The
 * consumer calls {@code poll(handler, limit)}. With {@code lanes} 4, the default of
 * {@code Channels.mpsc}, each producer writes a lane of its own (a 1 MiB ring each, so one
 * producer's ring is as large as Agrona's) and the consumer reads the lanes and the (here unused)
 * overflow ring in turn; with 0 the producers share one ring by CAS.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
@State(Scope.Group)
public class MpscThroughput
{
    /** Message size in bytes. */
    @Param({Workload.SIZE_8, Workload.SIZE_1K})
    public int size;

    /** Producer lanes: 0 for one shared ring. */
    @Param({"0", "4"})
    public int lanes;

    private final AtomicInteger producerIds = new AtomicInteger();
    private Path dir;
    private ChannelConsumer consumer;

    /** Creates the benchmark; JMH calls this. */
    public MpscThroughput()
    {
    }

    /** Creates the channel file and opens the consumer. */
    @Setup(Level.Trial)
    public void setUp()
    {
        dir = ScratchDir.create("ipcsync-mpsc");
        consumer = builder().capacity(Workload.RING_BYTES).consumer();
    }

    /** Closes the consumer and deletes the channel. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            consumer.close();
            builder().delete();
        }
        finally
        {
            ScratchDir.delete(dir);
        }
    }

    private ChannelBuilder builder()
    {
        return Channels.mpsc("bench").directory(dir).lanes(lanes);
    }

    /**
     * Sends one message: {@code offerLong} at 8 bytes, {@code offer} otherwise.
     *
     * @param sender the producer thread's handle and sequence.
     * @return true if the message was written, false if the channel was full.
     */
    @Benchmark
    @Group("one")
    @GroupThreads(1)
    public boolean oneProducer(final Sender sender)
    {
        return sender.send(size);
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
        receiver.count(control, consumer.poll(receiver.handler, Workload.BATCH_LIMIT));
    }

    /**
     * Sends one message with {@code offer}, a copy from a source buffer, at every size.
     *
     * @param sender the producer thread's handle and sequence.
     * @return true if the message was written, false if the channel was full.
     */
    @Benchmark
    @Group("oneOffer")
    @GroupThreads(1)
    public boolean oneOfferProducer(final Sender sender)
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
    @Group("oneOffer")
    @GroupThreads(1)
    public void oneOfferConsumer(final Receiver receiver, final Control control)
    {
        receiver.count(control, consumer.poll(receiver.handler, Workload.BATCH_LIMIT));
    }

    /**
     * Sends one message from each of two producer threads.
     *
     * @param sender the producer thread's handle and sequence.
     * @return true if the message was written, false if the channel was full.
     */
    @Benchmark
    @Group("two")
    @GroupThreads(2)
    public boolean twoProducers(final Sender sender)
    {
        return sender.send(size);
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
        receiver.count(control, consumer.poll(receiver.handler, Workload.BATCH_LIMIT));
    }

    /** A producer thread's own producer handle, id and sequence. */
    @State(Scope.Thread)
    public static class Sender
    {
        private int id;
        private long sequence;
        private ChannelProducer producer;
        private UnsafeBuffer source;

        /** Creates the state; JMH calls this. */
        public Sender()
        {
        }

        /**
         * Opens this thread's producer.
         *
         * @param bench the benchmark whose channel it writes.
         */
        @Setup(Level.Trial)
        public void setUp(final MpscThroughput bench)
        {
            id = bench.producerIds.getAndIncrement();
            producer = bench.builder().producer();
            source = new UnsafeBuffer(new byte[bench.size]);
            source.setMemory(0, bench.size, (byte)'x');
        }

        /** Closes this thread's producer. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            producer.close();
        }

        boolean send(final int size)
        {
            if (size != 8)
            {
                return offer(size);
            }
            if (producer.offerLong(Workload.TYPE_ID, PerProducerReceiver.value(id, sequence)))
            {
                sequence++;
                return true;
            }
            return false;
        }

        boolean offer(final int size)
        {
            final long value = PerProducerReceiver.value(id, sequence);
            source.putLong(0, value);
            source.putLong(size - 8, value);
            if (producer.offer(Workload.TYPE_ID, source, 0, size))
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
    public static class Receiver extends PerProducerReceiver
    {
        /** The handler given to {@code poll}. */
        final MessageHandler handler = this::onMessage;

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

        private void onMessage(final int typeId, final DirectBuffer buffer, final int index, final int length)
        {
            onMessage(buffer.getLong(index), buffer.getLong(index + length - 8));
        }
    }
}
