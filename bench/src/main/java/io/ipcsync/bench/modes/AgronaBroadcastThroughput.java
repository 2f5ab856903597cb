package io.ipcsync.bench.modes;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.throughput.AgronaBroadcastBuffer;
import io.ipcsync.bench.throughput.Sender;
import io.ipcsync.bench.throughput.Workload;
import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;
import org.agrona.concurrent.broadcast.CopyBroadcastReceiver;
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
 * Agrona {@link BroadcastTransmitter} and {@link CopyBroadcastReceiver} over a 1 MiB broadcast
 * buffer in a file mapped from {@code /dev/shm}, as two processes would share it: the producer
 * {@code transmit}s (it never waits), the subscriber calls {@code receive(handler)} up to 256 times
 * per batch. {@code CopyBroadcastReceiver} signals a lap by throwing {@link IllegalStateException}
 * ("unable to keep up with broadcast") and does not say how many messages were lost, so losses are
 * counted from the gaps in the message sequence. The peer of {@link BroadcastThroughput}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
@State(Scope.Group)
public class AgronaBroadcastThroughput
{
    /** Message size in bytes. */
    @Param({Workload.SIZE_8, Workload.SIZE_1K})
    public int size;

    private AgronaBroadcastBuffer broadcast;
    private BroadcastTransmitter transmitter;
    private CopyBroadcastReceiver receiver;
    private UnsafeBuffer source;

    /** Creates the benchmark; JMH calls this. */
    public AgronaBroadcastThroughput()
    {
    }

    /** Maps a new broadcast buffer file and joins the receiver before the first message. */
    @Setup(Level.Trial)
    public void setUp()
    {
        broadcast = new AgronaBroadcastBuffer("agrona-broadcast");
        transmitter = broadcast.transmitter();
        receiver = broadcast.receiver();
        source = Workload.messageSource(size);
    }

    /** Unmaps and deletes the buffer file. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        broadcast.close();
    }

    /**
     * Sends one message with {@code transmit}; it always succeeds.
     *
     * @param sender the producer's sequence.
     */
    @Benchmark
    @Group("transmit")
    @GroupThreads(1)
    public void transmitProducer(final Sender sender)
    {
        final long sequence = sender.sequence;
        final UnsafeBuffer source = this.source;
        source.putLong(0, sequence);
        source.putLong(size - 8, sequence);
        sender.sequence = sequence + 1;
        transmitter.transmit(Workload.TYPE_ID, source, 0, size);
    }

    /**
     * Receives a batch of up to 256 messages, one {@code receive} each; a lap ends the batch.
     *
     * @param subscriber checks and counts the messages.
     * @param control    JMH's iteration control.
     */
    @Benchmark
    @Group("transmit")
    @GroupThreads(1)
    public void transmitSubscriber(final Subscriber subscriber, final Control control)
    {
        subscriber.observe(control);
        final CopyBroadcastReceiver receiver = this.receiver;
        int received = 0;
        try
        {
            while (received < Workload.BATCH_LIMIT && receiver.receive(subscriber) > 0)
            {
                received++;
            }
        }
        catch (final IllegalStateException lapped)
        {
            // "unable to keep up with broadcast": the gap before the next message counts what was lost
        }
    }

    /** The subscriber thread's state and message handler. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Subscriber extends LossCountingSubscriber implements MessageHandler
    {
        /** Creates the state; Agrona does not count losses, so they are taken from the sequence gaps. */
        public Subscriber()
        {
            super(false);
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

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            onMessage(buffer.getLong(index), buffer.getLong(index + length - 8));
        }
    }
}
