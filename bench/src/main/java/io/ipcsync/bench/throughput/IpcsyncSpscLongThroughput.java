package io.ipcsync.bench.throughput;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import java.util.concurrent.TimeUnit;
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
 * ipcsync SPSC channel's primitive fast path: {@code offerLong} sends an 8-byte message holding the
 * sequence, read back by the same consumer as {@link IpcsyncSpscThroughput}. 8-byte messages only
 * (the parameter exists so the comparison files it with the other 8-byte results).
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
public class IpcsyncSpscLongThroughput
{
    /** Message size in bytes: 8 only. */
    @Param({Workload.SIZE_8})
    public int size;

    private final IpcsyncChannel channel = new IpcsyncChannel();
    private ChannelProducer producer;
    private ChannelConsumer consumer;

    /** Creates the benchmark; JMH calls this. */
    public IpcsyncSpscLongThroughput()
    {
    }

    /** Creates the channel file and opens both sides. */
    @Setup(Level.Trial)
    public void setUp()
    {
        if (size != 8)
        {
            throw new IllegalArgumentException("offerLong sends 8-byte messages only, size=" + size);
        }
        channel.open();
        producer = channel.producer;
        consumer = channel.consumer;
    }

    /** Closes both sides and deletes the channel. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        channel.close();
    }

    /**
     * Sends one 8-byte message with {@code offerLong}.
     *
     * @param sender the producer's sequence.
     * @return true if the message was written, false if the channel was full.
     */
    @Benchmark
    @Group("offerLong")
    @GroupThreads(1)
    public boolean offerLongProducer(final Sender sender)
    {
        final long sequence = sender.sequence;
        if (producer.offerLong(Workload.TYPE_ID, sequence))
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
    @Group("offerLong")
    @GroupThreads(1)
    public void offerLongConsumer(final IpcsyncSpscThroughput.Consumer consumer, final Control control)
    {
        consumer.count(control, IpcsyncChannel.checked(this.consumer.poll(consumer.handler, Workload.BATCH_LIMIT)));
    }
}
