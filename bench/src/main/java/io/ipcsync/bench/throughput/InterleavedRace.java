package io.ipcsync.bench.throughput;

import io.ipcsync.affinity.Affinity;
import io.ipcsync.affinity.AffinityMode;
import io.ipcsync.affinity.CpuTopology;
import io.ipcsync.bench.PinningHook;
import io.ipcsync.bench.select.SelectWorkload;
import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.Channels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.SpmcArrayQueue;

/**
 * ipcsync's SPSC channel and Agrona's {@code OneToOneRingBuffer} (or, with {@code --mode mpsc}, the
 * MPSC channel, as {@code Channels.mpsc} makes it (with lanes) and with one shared ring
 * ({@code ipcsync-shared}), and {@code ManyToOneRingBuffer}; with {@code spmc} or {@code mpmc}, those channels
 * and JCTools' queues of the same mode; with {@code broadcast}, the broadcast channel and Agrona's
 * {@code BroadcastTransmitter}, one subscriber; with {@code select}, a {@code ChannelSelector} over
 * {@code --channels} SPSC channels and the hand-written loops over as many Agrona rings and JCTools
 * queues; one producer and one consumer) taking turns on the same two
 * pinned threads, a quarter of a second each, round after round, so that every ratio compares
 * turns a second apart on the same CPUs.
 *
 * <p>Why not only JMH: on this project's 2-vCPU virtual machine the speed of a hand-off depends on
 * which vCPU the producer runs on (up to 2x, and which one is faster changes) and drifts over
 * tens of seconds, and JMH leaves placement to the scheduler and runs one benchmark after another
 * for tens of seconds each, so two libraries measured minutes apart may have met different
 * machines. Here each round measures every library with the producer pinned to one CPU and the
 * consumer to the other, then the other way round, and reports the ratio per round and placement;
 * its median and spread over the rounds are what to compare. The work is that of the JMH
 * benchmarks ({@link Workload}, the same rings and checks), written as plain loops
 * ({@link Contender}).
 *
 * <p>Run it with the JMH benchmarks' heap flags: the JCTools queues allocate a {@code Long} per
 * message, and a small default heap would charge them for garbage collections.
 *
 * <pre>
 * java -Xms1g -Xmx1g -XX:+AlwaysPreTouch --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
 *     -cp bench/target/ipcsync-bench.jar io.ipcsync.bench.throughput.InterleavedRace \
 *     [--mode spsc|mpsc|spmc|mpmc|broadcast|select] [--sizes 8,1024] [--channels 64] [--twin] [--rounds 20] [--slice-ms 250] [--out file.md]
 * </pre>
 *
 * <p>With {@code --twin} every library also races a second instance of itself, over rings of its own
 * (named {@code ipcsync-twin}, {@code Agrona-twin}, ...), and the report adds each library's ratio to
 * its twin: how far apart the same code lands in the same round, the spread that the machine alone
 * gives a ratio. Each round then takes twice as long.
 */
public final class InterleavedRace
{
    private static final int WARMUP_ROUNDS = 4;
    /** Elements of the JCTools queues: the backlog of the JMH benchmarks of the modes. */
    private static final int JCTOOLS_CAPACITY = 1 << 16;

    private InterleavedRace()
    {
    }

    /**
     * Runs the race and prints (and with {@code --out} writes) a Markdown report.
     *
     * @param args see the class description.
     * @throws Exception if a library fails or a message arrives wrong.
     */
    public static void main(final String[] args) throws Exception
    {
        String mode = "spsc";
        int[] sizes = null;
        int channels = SelectWorkload.MAX_CHANNELS;
        boolean twin = false;
        int rounds = 20;
        long sliceMillis = 250;
        Path out = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--mode" -> mode = value(args, ++i);
                case "--sizes" -> sizes = Arrays.stream(value(args, ++i).split(",")).mapToInt(Integer::parseInt).toArray();
                case "--channels" -> channels = Integer.parseInt(value(args, ++i));
                case "--twin" -> twin = true;
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i));
                case "--slice-ms" -> sliceMillis = Long.parseLong(value(args, ++i));
                case "--out" -> out = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args[i] +
                    "; options: --mode spsc|mpsc|spmc|mpmc|broadcast|select --sizes 8,1024 --channels N --twin --rounds N --slice-ms M --out file.md");
            }
        }
        final boolean longsOnly = mode.equals("spmc") || mode.equals("mpmc") || mode.equals("select");
        if (sizes == null)
        {
            sizes = longsOnly ? new int[] {8} : new int[] {8, 1024};
        }
        else if (longsOnly && Arrays.stream(sizes).anyMatch(size -> size != 8))
        {
            throw new IllegalArgumentException("--mode " + mode + " races 8-byte messages only (JCTools queues of Long), " +
                "not --sizes " + Arrays.toString(sizes));
        }
        final StringBuilder report = new StringBuilder();
        for (final int size : sizes)
        {
            report.append(race(mode, size, channels, twin, rounds, sliceMillis));
        }
        System.out.println(report);
        if (out != null)
        {
            writeReport(out, report);
        }
    }

    private static String race(
        final String mode, final int size, final int channels, final boolean twin, final int rounds, final long sliceMillis)
        throws Exception
    {
        final List<Contender> contenders = contenders(mode, size, channels);
        if (twin)
        {
            for (final Contender contender : contenders(mode, size, channels))
            {
                contender.becomeTwin();
                contenders.add(contender);
            }
        }
        final List<String> peers = switch (mode)
        {
            case "spmc", "mpmc" -> List.of("JCTools");
            case "select" -> List.of("Agrona", "JCTools");
            default -> List.of("Agrona");
        };
        final String heading = mode.equals("select") ? "Select over " + channels + " channels" : mode.toUpperCase(Locale.ROOT);
        final int count = contenders.size();
        final int[] cpus = PinningHook.chooseCpus(CpuTopology.current());
        final int[][] placements = {{cpus[0], cpus[1]}, {cpus[1], cpus[0]}};
        final double[][][] rates = new double[placements.length][rounds][count];
        try
        {
            for (final Contender contender : contenders)
            {
                contender.open(size);
            }
            for (int round = -WARMUP_ROUNDS; round < rounds; round++)
            {
                for (int p = 0; p < placements.length; p++)
                {
                    final StringBuilder line = new StringBuilder(round < 0 ? "warm-up" : "round " + (round + 1) + "/" + rounds);
                    line.append(" (producer on CPU ").append(placements[p][0]).append(')');
                    for (int turn = 0; turn < count; turn++)
                    {
                        final int c = Math.floorMod(turn + round, count); // a different library goes first each round
                        final double rate = turn(contenders.get(c), sliceMillis, placements[p]);
                        if (round >= 0)
                        {
                            rates[p][round][c] = rate;
                        }
                        line.append(String.format(Locale.ROOT, "  %s %.1f M", contenders.get(c).name(), rate / 1e6));
                    }
                    System.out.println(mode + " " + size + " B " + line);
                }
            }
        }
        finally
        {
            for (final Contender contender : contenders)
            {
                contender.close();
            }
        }
        final StringBuilder report = new StringBuilder();
        for (int p = 0; p < placements.length; p++)
        {
            report.append(RaceReport.markdown(heading, peers, size, rounds, sliceMillis, placements[p],
                contenders, rates[p]));
        }
        return report.toString();
    }

    /** The contenders of a mode, in column order: ipcsync's send paths first, then the peers'. */
    private static List<Contender> contenders(final String mode, final int size, final int channels)
    {
        final List<Contender> contenders = new ArrayList<>();
        switch (mode)
        {
            case "spsc", "mpsc" ->
            {
                final boolean spsc = mode.equals("spsc");
                final Function<String, ChannelBuilder> ipcsync = spsc ? Channels::spsc : Channels::mpsc;
                final Function<AtomicBuffer, RingBuffer> agrona = spsc ? OneToOneRingBuffer::new : ManyToOneRingBuffer::new;
                if (size == 8)
                {
                    contenders.add(new IpcsyncContender.OfferLong("ipcsync", ipcsync));
                }
                contenders.add(new IpcsyncContender.Offer("ipcsync", ipcsync));
                contenders.add(new IpcsyncContender.TryClaim("ipcsync", ipcsync));
                if (!spsc)
                {
                    final Function<String, ChannelBuilder> shared = name -> Channels.mpsc(name).lanes(0);
                    contenders.add(size == 8 ?
                        new IpcsyncContender.OfferLong("ipcsync-shared", shared) :
                        new IpcsyncContender.Offer("ipcsync-shared", shared));
                }
                contenders.add(new AgronaContender.Write(agrona));
                contenders.add(new AgronaContender.TryClaim(agrona));
            }
            case "spmc", "mpmc" ->
            {
                final boolean spmc = mode.equals("spmc");
                contenders.add(new IpcsyncContender.OfferLong("ipcsync",
                    name -> (spmc ? Channels.spmc(name) : Channels.mpmc(name)).maxMessageLength(Long.BYTES)));
                contenders.add(spmc ?
                    new JcToolsContender("SpmcArrayQueue", () -> new SpmcArrayQueue<>(JCTOOLS_CAPACITY)) :
                    new JcToolsContender("MpmcArrayQueue", () -> new MpmcArrayQueue<>(JCTOOLS_CAPACITY)));
            }
            case "broadcast" ->
            {
                contenders.add(new BroadcastContender.Ipcsync());
                contenders.add(new BroadcastContender.Agrona());
            }
            case "select" ->
            {
                contenders.add(new SelectContender.Ipcsync(channels));
                contenders.add(new SelectContender.AgronaLoop(channels));
                contenders.add(new SelectContender.JcToolsLoop(channels));
            }
            default -> throw new IllegalArgumentException("--mode " + mode + ": spsc, mpsc, spmc, mpmc, broadcast or select");
        }
        return contenders;
    }

    /** Runs one contender for one slice on two new threads; returns messages received per second. */
    private static double turn(final Contender contender, final long sliceMillis, final int[] placement)
        throws InterruptedException
    {
        final Contender.Slice slice = new Contender.Slice();
        final CountDownLatch ready = new CountDownLatch(2);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final long first = contender.nextToSend;
        final Thread consumer = new Thread(() ->
        {
            Affinity.pin(placement[1], AffinityMode.STRICT);
            ready.countDown();
            awaitStart(slice);
            contender.receive(slice);
        }, "race-consumer");
        final Thread producer = new Thread(() ->
        {
            Affinity.pin(placement[0], AffinityMode.STRICT);
            ready.countDown();
            awaitStart(slice);
            slice.sentEnd = contender.send(first, slice);
        }, "race-producer");
        for (final Thread thread : new Thread[] {consumer, producer})
        {
            thread.setUncaughtExceptionHandler((t, e) ->
            {
                failure.compareAndSet(null, e);
                slice.failed = true;
                slice.stopped = true;
                while (ready.getCount() > 0)
                {
                    ready.countDown(); // a thread that failed to pin must not leave the race waiting
                }
            });
            thread.setDaemon(true);
            thread.start();
        }
        ready.await();
        slice.started = true;
        final long start = System.nanoTime();
        Thread.sleep(sliceMillis);
        slice.stopped = true;
        final long elapsed = System.nanoTime() - start;
        producer.join();
        consumer.join(60_000);
        if (failure.get() != null)
        {
            throw new IllegalStateException(contender.name() + " failed", failure.get());
        }
        if (consumer.isAlive())
        {
            slice.failed = true; // stops the consumer before the contender is closed (its file unmapped) under it
            consumer.join(10_000);
            throw new IllegalStateException(contender.name() + ": the consumer did not receive all " + slice.sentEnd +
                " messages within 60 s of the producer stopping (received up to " + contender.expected + ")");
        }
        contender.nextToSend = slice.sentEnd;
        return slice.receivedWhileRunning * 1e9 / elapsed;
    }

    private static void awaitStart(final Contender.Slice slice)
    {
        while (!slice.started)
        {
            Thread.onSpinWait();
        }
    }

    private static void writeReport(final Path out, final CharSequence report) throws IOException
    {
        final Path parent = out.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        Files.writeString(out, report);
        System.out.println("wrote " + out);
    }

    private static String value(final String[] args, final int i)
    {
        if (i >= args.length)
        {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
