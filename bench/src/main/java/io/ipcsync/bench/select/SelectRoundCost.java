package io.ipcsync.bench.select;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.ScratchDir;
import io.ipcsync.bench.throughput.Workload;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.channels.select.ChannelMessageHandler;
import io.ipcsync.channels.select.ChannelSelector;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

/**
 * The consumer's cost of one pass over N channels on one thread, without a second thread's cache
 * traffic or scheduling in the way (steadier than the two-thread benchmarks on a busy machine):
 * {@code empty*} passes over N empty channels, what a selecting thread pays while it waits;
 * {@code one*} writes one 8-byte message into every channel and then takes them all in one pass.
 * Same rings, batch limit and handler work as the two-thread benchmarks of this package.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
@State(Scope.Thread)
public class SelectRoundCost
{
    /** How many channels. */
    @Param({SelectWorkload.ONE, SelectWorkload.EIGHT, SelectWorkload.SIXTY_FOUR})
    public int channels;

    private Path dir;
    private ChannelProducer[] producers;
    private ChannelConsumer[] consumers;
    private ChannelSelector selector;
    private MappedByteBuffer[] mapped;
    private OneToOneRingBuffer[] rings;
    private SpscArrayQueue<Long>[] queues;
    private UnsafeBuffer source;
    private final long[] sequences = new long[SelectWorkload.MAX_CHANNELS];
    private final Counting counting = new Counting();

    /** Creates the benchmark; JMH calls this. */
    public SelectRoundCost()
    {
    }

    /** Creates N channels of each kind, empty. */
    @Setup(Level.Trial)
    @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
    public void setUp()
    {
        dir = ScratchDir.create("select-round");
        producers = new ChannelProducer[channels];
        consumers = new ChannelConsumer[channels];
        mapped = new MappedByteBuffer[channels];
        rings = new OneToOneRingBuffer[channels];
        queues = new SpscArrayQueue[channels];
        final ChannelSelector.Builder builder = ChannelSelector.builder().batchLimit(SelectWorkload.BATCH_LIMIT);
        for (int channel = 0; channel < channels; channel++)
        {
            producers[channel] = Channels.spsc("round-" + channel).directory(dir).capacity(SelectWorkload.RING_BYTES).producer();
            consumers[channel] = Channels.spsc("round-" + channel).directory(dir).consumer();
            builder.add(consumers[channel], (ChannelMessageHandler)counting);
            mapped[channel] = IoUtil.mapNewFile(
                dir.resolve("ring-" + channel).toFile(), SelectWorkload.RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH);
            rings[channel] = new OneToOneRingBuffer(new UnsafeBuffer(mapped[channel]));
            queues[channel] = new SpscArrayQueue<>(SelectWorkload.QUEUE_CAPACITY);
        }
        selector = builder.build();
        source = Workload.messageSource(SelectWorkload.SIZE);
    }

    /** Closes and deletes everything. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            for (int channel = 0; channel < channels; channel++)
            {
                producers[channel].close();
                consumers[channel].close();
                IoUtil.unmap(mapped[channel]);
            }
        }
        finally
        {
            ScratchDir.delete(dir);
        }
    }

    /**
     * One selector round over N empty channels.
     *
     * @return messages handled (none).
     */
    @Benchmark
    public int emptyIpcsyncSelect()
    {
        return selector.selectNow();
    }

    /**
     * One pass of a hand-written loop polling N empty ipcsync consumers: the selector's own overhead
     * is the difference to {@link #emptyIpcsyncSelect()}.
     *
     * @return messages polled (none).
     */
    @Benchmark
    public int emptyIpcsyncLoop()
    {
        return ipcsyncLoop();
    }

    private int ipcsyncLoop()
    {
        final ChannelConsumer[] consumers = this.consumers;
        int handled = 0;
        for (int channel = 0; channel < consumers.length; channel++)
        {
            counting.channel = channel;
            handled += consumers[channel].poll(counting, SelectWorkload.BATCH_LIMIT);
        }
        return handled;
    }

    /**
     * One pass of the hand-written loop over N empty Agrona rings.
     *
     * @return messages read (none).
     */
    @Benchmark
    public int emptyAgronaLoop()
    {
        final OneToOneRingBuffer[] rings = this.rings;
        int handled = 0;
        for (int channel = 0; channel < rings.length; channel++)
        {
            counting.channel = channel;
            handled += rings[channel].read(counting, SelectWorkload.BATCH_LIMIT);
        }
        return handled;
    }

    /**
     * One pass of the hand-written loop over N empty JCTools queues.
     *
     * @return messages drained (none).
     */
    @Benchmark
    public int emptyJcToolsLoop()
    {
        final SpscArrayQueue<Long>[] queues = this.queues;
        int handled = 0;
        for (int channel = 0; channel < queues.length; channel++)
        {
            counting.channel = channel;
            handled += queues[channel].drain(counting, SelectWorkload.BATCH_LIMIT);
        }
        return handled;
    }

    /**
     * Offers one message into each of the N channels, then one selector round takes them.
     *
     * @return messages handled: N.
     */
    @Benchmark
    public int oneEachIpcsyncSelect()
    {
        final UnsafeBuffer source = this.source;
        for (int channel = 0; channel < channels; channel++)
        {
            source.putLong(0, sequences[channel]++);
            producers[channel].offer(SelectWorkload.TYPE_ID, source, 0, SelectWorkload.SIZE);
        }
        return checked(selector.selectNow());
    }

    /**
     * Offers one message into each of the N channels, then a hand-written loop polls them.
     *
     * @return messages handled: N.
     */
    @Benchmark
    public int oneEachIpcsyncLoop()
    {
        final UnsafeBuffer source = this.source;
        for (int channel = 0; channel < channels; channel++)
        {
            source.putLong(0, sequences[channel]++);
            producers[channel].offer(SelectWorkload.TYPE_ID, source, 0, SelectWorkload.SIZE);
        }
        return checked(ipcsyncLoop());
    }

    /**
     * Writes one message into each of the N Agrona rings, then one pass of the loop reads them.
     *
     * @return messages read: N.
     */
    @Benchmark
    public int oneEachAgronaLoop()
    {
        final UnsafeBuffer source = this.source;
        final OneToOneRingBuffer[] rings = this.rings;
        for (int channel = 0; channel < rings.length; channel++)
        {
            source.putLong(0, sequences[channel]++);
            rings[channel].write(SelectWorkload.TYPE_ID, source, 0, SelectWorkload.SIZE);
        }
        int handled = 0;
        for (int channel = 0; channel < rings.length; channel++)
        {
            counting.channel = channel;
            handled += rings[channel].read(counting, SelectWorkload.BATCH_LIMIT);
        }
        return checked(handled);
    }

    /**
     * Offers one message into each of the N JCTools queues, then one pass of the loop drains them.
     *
     * @return messages drained: N.
     */
    @Benchmark
    public int oneEachJcToolsLoop()
    {
        final SpscArrayQueue<Long>[] queues = this.queues;
        for (int channel = 0; channel < queues.length; channel++)
        {
            queues[channel].offer(sequences[channel]++);
        }
        int handled = 0;
        for (int channel = 0; channel < queues.length; channel++)
        {
            counting.channel = channel;
            handled += queues[channel].drain(counting, SelectWorkload.BATCH_LIMIT);
        }
        return checked(handled);
    }

    private int checked(final int handled)
    {
        if (handled != channels)
        {
            throw new IllegalStateException("a pass took " + handled + " messages from " + channels + " channels");
        }
        return handled;
    }

    /** The handler of all three: checks each channel's sequence, like the two-thread benchmarks. */
    static final class Counting extends Checker implements ChannelMessageHandler, MessageHandler,
        MessagePassingQueue.Consumer<Long>, io.ipcsync.channels.MessageHandler
    {
        int channel;

        @Override
        public void onMessage(final int typeId, final DirectBuffer buffer, final int index, final int length)
        {
            onMessage(channel, buffer.getLong(index));
        }

        @Override
        public void onMessage(final int channel, final int typeId, final DirectBuffer buffer, final int index, final int length)
        {
            onMessage(channel, buffer.getLong(index));
        }

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            onMessage(channel, buffer.getLong(index));
        }

        @Override
        public void accept(final Long message)
        {
            onMessage(channel, message);
        }
    }
}
