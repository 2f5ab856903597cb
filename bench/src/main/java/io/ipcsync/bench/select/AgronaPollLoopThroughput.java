package io.ipcsync.bench.select;

import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.throughput.Workload;
import java.util.concurrent.TimeUnit;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
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
 * The hand-written peer of the selector: N Agrona {@link OneToOneRingBuffer}s, each over its own file
 * mapped from {@code /dev/shm} as two processes would share it; the producer {@code write}s 8-byte
 * messages round-robin into them, the consumer {@code read}s each ring in turn from the first, up to
 * the batch limit each, telling its handler which ring it reads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
@State(Scope.Group)
public class AgronaPollLoopThroughput
{
    /** How many rings. */
    @Param({SelectWorkload.ONE, SelectWorkload.EIGHT, SelectWorkload.SIXTY_FOUR})
    public int channels;

    private AgronaSelectRings agrona;
    private OneToOneRingBuffer[] rings;
    private UnsafeBuffer source;

    /** Creates the benchmark; JMH calls this. */
    public AgronaPollLoopThroughput()
    {
    }

    /** Maps a new file per ring. */
    @Setup(Level.Trial)
    public void setUp()
    {
        agrona = new AgronaSelectRings("agrona-select", channels);
        rings = agrona.rings();
        source = Workload.messageSource(SelectWorkload.SIZE);
    }

    /** Unmaps and deletes the ring files. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        agrona.close();
    }

    /**
     * Sends one message into the current ring with {@code write}.
     *
     * @param feeder the producer's ring and sequences.
     * @return true if the message was written, false if the ring was full.
     */
    @Benchmark
    @Group("pollLoop")
    @GroupThreads(1)
    public boolean producer(final Feeder feeder)
    {
        final int channel = feeder.channel;
        final long sequence = feeder.sequences[channel];
        final UnsafeBuffer source = this.source;
        source.putLong(0, sequence);
        if (rings[channel].write(SelectWorkload.TYPE_ID, source, 0, SelectWorkload.SIZE))
        {
            feeder.sent(channels, sequence);
            return true;
        }
        return false;
    }

    /**
     * Reads each ring once, up to the batch limit.
     *
     * @param checker checks and counts the messages.
     * @param control JMH's iteration control.
     */
    @Benchmark
    @Group("pollLoop")
    @GroupThreads(1)
    public void consumer(final Checking checker, final Control control)
    {
        final OneToOneRingBuffer[] rings = this.rings;
        int handled = 0;
        for (int channel = 0; channel < rings.length; channel++)
        {
            checker.channel = channel;
            handled += rings[channel].read(checker, SelectWorkload.BATCH_LIMIT);
        }
        checker.count(control, handled);
    }

    /** The consumer thread's state and handler: knows which ring it is reading. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Checking extends Checker implements MessageHandler
    {
        /** The ring being read. */
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
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            onMessage(channel, buffer.getLong(index));
        }
    }
}
