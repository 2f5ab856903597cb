package io.ipcsync.bench.throughput;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.MessageHandler;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
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
 * ipcsync SPSC channel, a 1 MiB ring in a file under {@code /dev/shm} like the Agrona peer:
 * {@code offer} copies each message from a source buffer, {@code tryClaim} writes it in place and
 * commits; the consumer calls {@code poll(handler, limit)}. Same sizes, batch limit and JVM flags
 * as the peers ({@link IpcsyncSpscLongThroughput} has the 8-byte {@code offerLong} fast path).
 *
 * <p>Producer and consumer are the two threads of a JMH {@code @Group}, so the score (aux counter
 * {@code received}) is messages that arrived and were checked while JMH measured both threads;
 * see the {@linkplain io.ipcsync.bench.throughput package} for why.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
@State(Scope.Group)
public class IpcsyncSpscThroughput
{
    /** Message size in bytes. */
    @Param({Workload.SIZE_8, Workload.SIZE_1K})
    public int size;

    private final IpcsyncChannel channel = new IpcsyncChannel();
    private ChannelProducer producer;
    private ChannelConsumer consumer;
    private UnsafeBuffer source;

    /** Creates the benchmark; JMH calls this. */
    public IpcsyncSpscThroughput()
    {
    }

    /** Creates the channel file and opens both sides. */
    @Setup(Level.Trial)
    public void setUp()
    {
        channel.open();
        producer = channel.producer;
        consumer = channel.consumer;
        source = Workload.messageSource(size);
    }

    /** Closes both sides and deletes the channel. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        channel.close();
    }

    /**
     * Sends one message with {@code offer}.
     *
     * @param sender the producer's sequence.
     * @return true if the message was written, false if the channel was full.
     */
    @Benchmark
    @Group("offer")
    @GroupThreads(1)
    public boolean offerProducer(final Sender sender)
    {
        final long sequence = sender.sequence;
        final UnsafeBuffer source = this.source;
        source.putLong(0, sequence);
        source.putLong(size - 8, sequence);
        if (producer.offer(Workload.TYPE_ID, source, 0, size))
        {
            sender.sequence = sequence + 1;
            return true;
        }
        return false;
    }

    /**
     * Polls a batch.
     *
     * @param consumer checks and counts the messages.
     * @param control  JMH's iteration control.
     */
    @Benchmark
    @Group("offer")
    @GroupThreads(1)
    public void offerConsumer(final Consumer consumer, final Control control)
    {
        consumer.count(control, IpcsyncChannel.checked(this.consumer.poll(consumer.handler, Workload.BATCH_LIMIT)));
    }

    /**
     * Sends one message with {@code tryClaim}, writing it in place.
     *
     * @param sender the producer's sequence.
     * @return true if the message was committed, false if the channel was full.
     */
    @Benchmark
    @Group("tryClaim")
    @GroupThreads(1)
    public boolean tryClaimProducer(final Sender sender)
    {
        final int size = this.size;
        final ChannelProducer producer = this.producer;
        final int index = producer.tryClaim(Workload.TYPE_ID, size);
        if (index < 0)
        {
            return false;
        }
        final long sequence = sender.sequence;
        final MutableDirectBuffer buffer = producer.buffer();
        if (size > 16)
        {
            buffer.putBytes(index + 8, source, 8, size - 16);
        }
        buffer.putLong(index, sequence);
        buffer.putLong(index + size - 8, sequence);
        producer.commit(index);
        sender.sequence = sequence + 1;
        return true;
    }

    /**
     * Polls a batch.
     *
     * @param consumer checks and counts the messages.
     * @param control  JMH's iteration control.
     */
    @Benchmark
    @Group("tryClaim")
    @GroupThreads(1)
    public void tryClaimConsumer(final Consumer consumer, final Control control)
    {
        consumer.count(control, IpcsyncChannel.checked(this.consumer.poll(consumer.handler, Workload.BATCH_LIMIT)));
    }

    /** The consumer thread's state and message handler: checks each message's sequence fields. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Consumer extends Receiver
    {
        /** The handler given to {@code poll}. */
        final MessageHandler handler = this::onMessage;

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

        private void onMessage(final int typeId, final DirectBuffer buffer, final int index, final int length)
        {
            onMessage(buffer.getLong(index), buffer.getLong(index + length - 8));
        }
    }
}
