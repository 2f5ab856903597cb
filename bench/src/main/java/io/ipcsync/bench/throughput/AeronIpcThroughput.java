package io.ipcsync.bench.throughput;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.ipcsync.bench.JvmFlags;
import io.ipcsync.bench.ScratchDir;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.CloseHelper;
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
 * Aeron IPC ({@code aeron:ipc}) through an embedded {@link MediaDriver} ({@code ThreadingMode.SHARED},
 * its directory under {@code /dev/shm}, deleted on start and shutdown), with an
 * {@link ExclusivePublication} (the single-producer publication): {@code offer} copies each message,
 * {@code tryClaim} writes it in place through a reused {@link BufferClaim}; the consumer calls
 * {@code subscription.poll(handler, limit)}. The IPC term keeps Aeron's default length (64 MiB).
 *
 * <p>Producer and consumer are the two threads of a JMH {@code @Group}, so the score (aux counter
 * {@code received}) is messages that arrived and were checked while JMH measured both threads; see
 * the {@linkplain io.ipcsync.bench.throughput package} for why. The driver's one thread shares the
 * two cores with them, as it would in production on this machine.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.XMS, JvmFlags.XMX, JvmFlags.PRE_TOUCH, JvmFlags.AGRONA})
@State(Scope.Group)
public class AeronIpcThroughput
{
    /** Stream id of the benchmark's one stream. */
    static final int STREAM_ID = 1001;
    /** The IPC channel. */
    static final String CHANNEL = "aeron:ipc";

    /** Message size in bytes. */
    @Param({Workload.SIZE_8, Workload.SIZE_1K})
    public int size;

    private Path dir;
    private MediaDriver driver;
    private Aeron aeron;
    private ExclusivePublication publication;
    private Subscription subscription;
    private final BufferClaim claim = new BufferClaim();
    private UnsafeBuffer source;

    /** Creates the benchmark; JMH calls this. */
    public AeronIpcThroughput()
    {
    }

    /**
     * Starts the driver, connects a client, and waits until publication and subscription see each other.
     *
     * @throws InterruptedException if interrupted while waiting.
     */
    @Setup(Level.Trial)
    public void setUp() throws InterruptedException
    {
        dir = ScratchDir.create("aeron");
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("driver").toString())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        subscription = aeron.addSubscription(CHANNEL, STREAM_ID);
        publication = aeron.addExclusivePublication(CHANNEL, STREAM_ID);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!publication.isConnected() || !subscription.isConnected())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("Aeron IPC publication and subscription did not connect within 10 s");
            }
            Thread.sleep(1);
        }
        source = Workload.messageSource(size);
    }

    /** Closes client and driver and deletes the directory. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        CloseHelper.closeAll(publication, subscription, aeron, driver);
        ScratchDir.delete(dir);
    }

    /**
     * Sends one message with {@code offer}.
     *
     * @param sender the producer's sequence.
     * @return true if the message was published, false on back pressure.
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
        if (publication.offer(source, 0, size) > 0)
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
        consumer.count(control, subscription.poll(consumer, Workload.BATCH_LIMIT));
    }

    /**
     * Sends one message with {@code tryClaim}, writing it in place.
     *
     * @param sender the producer's sequence.
     * @return true if the message was committed, false on back pressure.
     */
    @Benchmark
    @Group("tryClaim")
    @GroupThreads(1)
    public boolean tryClaimProducer(final Sender sender)
    {
        final int size = this.size;
        final BufferClaim claim = this.claim;
        if (publication.tryClaim(size, claim) <= 0)
        {
            return false;
        }
        final long sequence = sender.sequence;
        final MutableDirectBuffer buffer = claim.buffer();
        final int index = claim.offset();
        if (size > 16)
        {
            buffer.putBytes(index + 8, source, 8, size - 16);
        }
        buffer.putLong(index, sequence);
        buffer.putLong(index + size - 8, sequence);
        claim.commit();
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
        consumer.count(control, subscription.poll(consumer, Workload.BATCH_LIMIT));
    }

    /** The consumer thread's fragment handler: checks each message's sequence fields. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Consumer extends Receiver implements FragmentHandler
    {
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

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            onMessage(buffer.getLong(offset), buffer.getLong(offset + length - 8));
        }
    }
}
