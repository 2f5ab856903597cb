package io.ipcsync.bench.select;

import io.ipcsync.bench.JvmFlags;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.SpscArrayQueue;
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
 * The in-process peer of the selector: N JCTools {@link SpscArrayQueue}s; the producer offers a boxed
 * {@code Long} (allocated per message, JCTools' idiom) round-robin into them, the consumer
 * {@code drain}s each queue in turn from the first, up to the batch limit each, telling its callback
 * which queue it drains.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH})
@State(Scope.Group)
public class JcToolsPollLoopThroughput
{
    /** How many queues. */
    @Param({SelectWorkload.ONE, SelectWorkload.EIGHT, SelectWorkload.SIXTY_FOUR})
    public int channels;

    private SpscArrayQueue<Long>[] queues;

    /** Creates the benchmark; JMH calls this. */
    public JcToolsPollLoopThroughput()
    {
    }

    /** Creates the queues. */
    @Setup(Level.Trial)
    @SuppressWarnings({"unchecked", "rawtypes"}) // no generic array creation in Java
    public void setUp()
    {
        queues = new SpscArrayQueue[channels];
        for (int channel = 0; channel < channels; channel++)
        {
            queues[channel] = new SpscArrayQueue<>(SelectWorkload.QUEUE_CAPACITY);
        }
    }

    /**
     * Offers one message to the current queue.
     *
     * @param feeder the producer's queue and sequences.
     * @return true if the message was queued, false if the queue was full.
     */
    @Benchmark
    @Group("pollLoop")
    @GroupThreads(1)
    public boolean producer(final Feeder feeder)
    {
        final int channel = feeder.channel;
        final long sequence = feeder.sequences[channel];
        if (queues[channel].offer(sequence))
        {
            feeder.sent(channels, sequence);
            return true;
        }
        return false;
    }

    /**
     * Drains each queue once, up to the batch limit.
     *
     * @param checker checks and counts the messages.
     * @param control JMH's iteration control.
     */
    @Benchmark
    @Group("pollLoop")
    @GroupThreads(1)
    public void consumer(final Checking checker, final Control control)
    {
        final SpscArrayQueue<Long>[] queues = this.queues;
        int handled = 0;
        for (int channel = 0; channel < queues.length; channel++)
        {
            checker.channel = channel;
            handled += queues[channel].drain(checker, SelectWorkload.BATCH_LIMIT);
        }
        checker.count(control, handled);
    }

    /** The consumer thread's state and drain callback: knows which queue it is draining. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Checking extends Checker implements MessagePassingQueue.Consumer<Long>
    {
        /** The queue being drained. */
        int channel;

        /** Creates the state; JMH calls this. */
        public Checking()
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
        public void accept(final Long message)
        {
            onMessage(channel, message);
        }
    }
}
