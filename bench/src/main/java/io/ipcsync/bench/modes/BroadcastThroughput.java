package io.ipcsync.bench.modes;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.ScratchDir;
import io.ipcsync.bench.throughput.Sender;
import io.ipcsync.bench.throughput.Workload;
import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.channels.MessageHandler;
import java.nio.file.Path;
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
 * ipcsync broadcast channel, one producer thread to one subscriber thread over a 1 MiB ring in a
 * file under {@code /dev/shm}: the producer {@code offer}s (it never waits), the subscriber calls
 * {@code poll(handler, 256)}, which hands it a checked private copy of each message. The peer is
 * {@link AgronaBroadcastThroughput}; see the {@linkplain io.ipcsync.bench.modes package} for what
 * {@code received} and {@code lost} count.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
@State(Scope.Group)
public class BroadcastThroughput
{
    /** Message size in bytes. */
    @Param({Workload.SIZE_8, Workload.SIZE_1K})
    public int size;

    private Path dir;
    private ChannelProducer producer;
    private ChannelConsumer subscriber;
    private UnsafeBuffer source;

    /** Creates the benchmark; JMH calls this. */
    public BroadcastThroughput()
    {
    }

    /** Creates the channel file, opens the producer and joins the subscriber before the first message. */
    @Setup(Level.Trial)
    public void setUp()
    {
        dir = ScratchDir.create("ipcsync-broadcast");
        producer = builder().capacity(Workload.RING_BYTES).producer();
        subscriber = builder().consumer();
        source = Workload.messageSource(size);
    }

    /** Closes both sides and deletes the channel. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            producer.close();
            subscriber.close();
            builder().delete();
        }
        finally
        {
            ScratchDir.delete(dir);
        }
    }

    private ChannelBuilder builder()
    {
        return Channels.broadcast("bench").directory(dir);
    }

    /**
     * Sends one message with {@code offer}; it always succeeds.
     *
     * @param sender the producer's sequence.
     * @return what {@code offer} returned.
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
        sender.sequence = sequence + 1;
        return producer.offer(Workload.TYPE_ID, source, 0, size);
    }

    /**
     * Polls a batch, accounting for a lap when the subscriber was lapped.
     *
     * @param subscriber checks and counts the messages.
     * @param control    JMH's iteration control.
     */
    @Benchmark
    @Group("offer")
    @GroupThreads(1)
    public void offerSubscriber(final Subscriber subscriber, final Control control)
    {
        subscriber.observe(control);
        final ChannelConsumer channel = this.subscriber;
        final int polled = channel.poll(subscriber.handler, Workload.BATCH_LIMIT);
        if (polled == ChannelConsumer.LAPPED)
        {
            subscriber.lapped(channel.lostMessages());
        }
        else if (polled < 0)
        {
            throw new IllegalStateException("ipcsync poll returned status " + polled + " (closed or peer dead)");
        }
    }

    /** The subscriber thread's state and message handler. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Subscriber extends LossCountingSubscriber
    {
        /** The handler given to {@code poll}. */
        final MessageHandler handler = this::onMessage;
        private long lostSeen;

        /** Creates the state; ipcsync reports each loss before its gap, so gaps are checked strictly. */
        public Subscriber()
        {
            super(true);
        }

        /**
         * Returns messages received while measured: the benchmark's score.
         *
         * @return messages received while measured.
         */
        public long received()
        {
            return receivedCount();
        }

        /**
         * Returns messages lost to laps while measured.
         *
         * @return messages lost to laps while measured.
         */
        public long lost()
        {
            return lostCount();
        }

        void lapped(final long lostMessages)
        {
            skip(lostMessages - lostSeen);
            lostSeen = lostMessages;
        }

        private void onMessage(final int typeId, final DirectBuffer buffer, final int index, final int length)
        {
            onMessage(buffer.getLong(index), buffer.getLong(index + length - 8));
        }
    }
}
