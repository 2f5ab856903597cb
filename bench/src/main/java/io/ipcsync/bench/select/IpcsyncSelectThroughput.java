package io.ipcsync.bench.select;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.throughput.Workload;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.select.ChannelMessageHandler;
import io.ipcsync.channels.select.ChannelSelector;
import java.util.concurrent.TimeUnit;
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
 * ipcsync {@link ChannelSelector} over N SPSC channels in files under {@code /dev/shm}: the producer
 * {@code offer}s 8-byte messages round-robin into the channels, the consumer calls
 * {@link ChannelSelector#selectNow()} (fair rotation, default batch limit) with one
 * {@link ChannelMessageHandler} that is told each message's channel.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
@State(Scope.Group)
public class IpcsyncSelectThroughput
{
    /** How many channels. */
    @Param({SelectWorkload.ONE, SelectWorkload.EIGHT, SelectWorkload.SIXTY_FOUR})
    public int channels;

    private SelectChannels ipcsync;
    private ChannelProducer[] producers;
    private UnsafeBuffer source;

    /** Creates the benchmark; JMH calls this. */
    public IpcsyncSelectThroughput()
    {
    }

    /** Creates the channels and opens both sides. */
    @Setup(Level.Trial)
    public void setUp()
    {
        ipcsync = new SelectChannels("select", channels);
        producers = ipcsync.producers();
        source = Workload.messageSource(SelectWorkload.SIZE);
    }

    /**
     * Builds a selector over every channel's consumer.
     *
     * @param handler receives every message.
     * @return the selector, fair, with the workload's batch limit.
     */
    ChannelSelector selector(final ChannelMessageHandler handler)
    {
        return ipcsync.selector(handler);
    }

    /** Closes both sides of every channel and deletes the files. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        ipcsync.close();
    }

    /**
     * Sends one message into the current channel with {@code offer}.
     *
     * @param feeder the producer's channel and sequences.
     * @return true if the message was written, false if the channel was full.
     */
    @Benchmark
    @Group("select")
    @GroupThreads(1)
    public boolean producer(final Feeder feeder)
    {
        final int channel = feeder.channel;
        final long sequence = feeder.sequences[channel];
        final UnsafeBuffer source = this.source;
        source.putLong(0, sequence);
        if (producers[channel].offer(SelectWorkload.TYPE_ID, source, 0, SelectWorkload.SIZE))
        {
            feeder.sent(channels, sequence);
            return true;
        }
        return false;
    }

    /**
     * Selects one round over all channels.
     *
     * @param checker checks and counts the messages.
     * @param control JMH's iteration control.
     */
    @Benchmark
    @Group("select")
    @GroupThreads(1)
    public void consumer(final Checking checker, final Control control)
    {
        final int handled = checker.selector.selectNow();
        if (handled < 0)
        {
            throw new IllegalStateException("selectNow returned " + handled + ": a channel ended during the benchmark");
        }
        checker.count(control, handled);
    }

    /** The consumer thread's state: the selector, and its handler. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Checking extends Checker implements ChannelMessageHandler
    {
        private ChannelSelector selector;

        /** Creates the state; JMH calls this. */
        public Checking()
        {
        }

        /**
         * Builds the selector over the benchmark's channels, with this as the handler.
         *
         * @param benchmark the group's channels.
         */
        @Setup(Level.Trial)
        public void buildSelector(final IpcsyncSelectThroughput benchmark)
        {
            selector = benchmark.selector(this);
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
        public void onMessage(final int channel, final int typeId, final DirectBuffer buffer, final int index, final int length)
        {
            onMessage(channel, buffer.getLong(index));
        }
    }
}
