package io.ipcsync.bench.throughput;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import io.ipcsync.bench.JvmFlags;
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
 * LMAX Disruptor 4: a single-producer {@link RingBuffer} with {@link BusySpinWaitStrategy} whose
 * pre-allocated events are the messages (the Disruptor's idiom, so nothing is allocated per
 * message): the producer claims the next sequence, writes the event (a {@code long} for 8 bytes,
 * a copy into the event's own {@code byte[]} for 1 KiB) and publishes it; the consumer processes
 * every available event, up to a batch, with an {@link EventPoller}.
 *
 * <p>Producer and consumer are the two threads of a JMH {@code @Group}, so the score (aux counter
 * {@code received}) is messages that arrived and were checked while JMH measured both threads;
 * see the {@linkplain io.ipcsync.bench.throughput package} for why. The consumer is therefore an
 * {@code EventPoller} driven by the JMH thread rather than a {@code BatchEventProcessor} on a
 * thread of the Disruptor's own: both run the same loop (read the published cursor, hand every
 * event up to it to the handler, then store the consumer sequence once per batch). The producer
 * publishes one event per call, like every other library here; the Disruptor's batch publish
 * ({@code next(n)}) would be an advantage no other library gets for independent messages.
 * Non-blocking: a full ring makes the call return false (checked with
 * {@code hasAvailableCapacity}, which is what {@code tryNext} does, without its exception).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH})
@State(Scope.Group)
public class DisruptorThroughput
{
    /** Message size in bytes. */
    @Param({Workload.SIZE_8, Workload.SIZE_1K})
    public int size;

    private RingBuffer<Event> ring;
    private EventPoller<Event> poller;
    private byte[] source;

    /** Creates the benchmark; JMH calls this. */
    public DisruptorThroughput()
    {
    }

    /** Creates the ring and its poller. */
    @Setup(Level.Trial)
    public void setUp()
    {
        final int size = this.size;
        ring = RingBuffer.createSingleProducer(() -> new Event(size), Workload.queueCapacity(size), new BusySpinWaitStrategy());
        poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        source = HeapMessages.source(size);
    }

    /**
     * Publishes one event.
     *
     * @param sender the producer's sequence.
     * @return true if the event was published, false if the ring was full.
     */
    @Benchmark
    @Group("publish")
    @GroupThreads(1)
    public boolean publishProducer(final Sender sender)
    {
        final RingBuffer<Event> ring = this.ring;
        if (!ring.hasAvailableCapacity(1))
        {
            return false;
        }
        final long slot = ring.next();
        final Event event = ring.get(slot);
        final long sequence = sender.sequence;
        final byte[] bytes = event.bytes;
        if (bytes == null)
        {
            event.value = sequence;
        }
        else
        {
            System.arraycopy(source, 8, bytes, 8, bytes.length - 16);
            HeapMessages.stamp(bytes, bytes.length, sequence);
        }
        ring.publish(slot);
        sender.sequence = sequence + 1;
        return true;
    }

    /**
     * Polls a batch.
     *
     * @param consumer checks and counts the events.
     * @param control  JMH's iteration control.
     * @throws Exception never: the handler throws only on a lost message.
     */
    @Benchmark
    @Group("publish")
    @GroupThreads(1)
    public void publishConsumer(final Consumer consumer, final Control control) throws Exception
    {
        consumer.inBatch = 0;
        poller.poll(consumer.handler);
        consumer.count(control, consumer.inBatch);
    }

    /** A pre-allocated ring entry: the message. */
    public static final class Event
    {
        /** The 8-byte message. */
        long value;
        /** The larger message, or null for 8-byte messages. */
        final byte[] bytes;

        Event(final int size)
        {
            bytes = size == 8 ? null : new byte[size];
        }
    }

    /** The consumer thread's state and event handler: checks each event's sequence fields. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Consumer extends Receiver
    {
        /** The handler given to the poller (a public method returning boolean may not be on an aux counter class). */
        final EventPoller.Handler<Event> handler = this::onEvent;
        int inBatch;

        /** Creates the handler; JMH calls this. */
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

        private boolean onEvent(final Event event, final long slot, final boolean endOfBatch)
        {
            final byte[] bytes = event.bytes;
            if (bytes == null)
            {
                onMessage(event.value, event.value);
            }
            else
            {
                HeapMessages.checkBytes(this, bytes);
            }
            return ++inBatch < Workload.BATCH_LIMIT;
        }
    }
}
