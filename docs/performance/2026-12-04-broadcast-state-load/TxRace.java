import io.ipcsync.affinity.Affinity;
import io.ipcsync.affinity.AffinityMode;
import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.core.ring.BroadcastRingDescriptor;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastBufferDescriptor;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;

/**
 * Broadcast transmitters taking turns of 250 ms against the same kind of subscriber, which reads
 * every cache line of each record as soon as the tail passes it; prints messages sent per second
 * (millions) per turn, both thread placements, one line per round.
 *
 * <pre>
 * javac -cp bench/target/ipcsync-bench.jar TxRace.java
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/ipcsync-bench.jar:. TxRace 1024 6
 * </pre>
 */
public class TxRace
{
    static final int CAPACITY = 1 << 20;
    static final int MASK = CAPACITY - 1;
    static volatile boolean stop;
    static long sink;

    interface Sender
    {
        long run();
    }

    record Contender(String name, Sender send, UnsafeBuffer tailBuffer, int tailOffset, UnsafeBuffer ring)
    {
    }

    /**
     * A hand-written transmitter: header {@code header} bytes (16: length, type, sequence; 8: length,
     * type), the intent, the tail and latest at the given offsets of {@code state}; with
     * {@code loadTail} it takes each record's position from the tail in the file, as Agrona does.
     */
    static Contender handWritten(final String name, final int size, final int header, final UnsafeBuffer state,
        final int tailOffset, final int intentOffset, final int latestOffset, final UnsafeBuffer ring,
        final UnsafeBuffer source, final boolean loadTail)
    {
        final long[] kept = new long[1];
        return new Contender(name, () ->
        {
            long sent = 0;
            long tail = kept[0];
            while (!stop)
            {
                source.putLong(0, sent);
                if (loadTail)
                {
                    tail = state.getLong(tailOffset);
                }
                final int record = (size + header + 7) & ~7;
                int index = (int)tail & MASK;
                if (CAPACITY - index < record)
                {
                    state.putLongRelease(intentOffset, tail + (CAPACITY - index) + record);
                    VarHandle.releaseFence();
                    ring.putInt(index, CAPACITY - index);
                    ring.putInt(index + 4, -1);
                    tail += CAPACITY - index;
                    index = 0;
                }
                else
                {
                    state.putLongRelease(intentOffset, tail + record);
                    VarHandle.releaseFence();
                }
                ring.putInt(index, size + header);
                ring.putInt(index + 4, 1);
                if (header == 16)
                {
                    ring.putLong(index + 8, sent);
                }
                ring.putBytes(index + header, source, 0, size);
                state.putLong(latestOffset, tail);
                state.putLongRelease(tailOffset, tail + record);
                tail += record;
                sent++;
            }
            kept[0] = tail;
            return sent;
        }, state, tailOffset, ring);
    }

    static UnsafeBuffer[] ipcsyncLayoutFile(final Path file)
    {
        final MappedByteBuffer mapped = IoUtil.mapNewFile(file.toFile(), 4096 + CAPACITY);
        return new UnsafeBuffer[] {new UnsafeBuffer(mapped, 0, 4096), new UnsafeBuffer(mapped, 4096, CAPACITY)};
    }

    static UnsafeBuffer agronaLayoutFile(final Path file)
    {
        return new UnsafeBuffer(IoUtil.mapNewFile(file.toFile(), CAPACITY + BroadcastBufferDescriptor.TRAILER_LENGTH));
    }

    public static void main(final String[] args) throws Exception
    {
        final int size = Integer.parseInt(args[0]);
        final int rounds = Integer.parseInt(args[1]);
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "txrace");
        try
        {
            final UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(size));
            final ChannelBuilder channel = Channels.broadcast("race").directory(dir).capacity(CAPACITY);
            final ChannelProducer producer = channel.producer();
            final UnsafeBuffer ipcsyncState;
            final UnsafeBuffer ipcsyncRing;
            try (FileChannel file = FileChannel.open(channel.path(), StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                final MappedByteBuffer mapped = file.map(FileChannel.MapMode.READ_WRITE, 0, file.size());
                ipcsyncState = new UnsafeBuffer(mapped, 0, 4096);
                ipcsyncRing = new UnsafeBuffer(mapped, 4096, CAPACITY);
            }
            final UnsafeBuffer agrona = agronaLayoutFile(dir.resolve("agrona"));
            final BroadcastTransmitter transmitter = new BroadcastTransmitter(agrona);
            final int tail = BroadcastRingDescriptor.TAIL_OFFSET;
            final int intent = BroadcastRingDescriptor.TAIL_INTENT_OFFSET;
            final int latest = BroadcastRingDescriptor.LATEST_OFFSET;
            final int agronaTail = CAPACITY + BroadcastBufferDescriptor.TAIL_COUNTER_OFFSET;
            final int agronaIntent = CAPACITY + BroadcastBufferDescriptor.TAIL_INTENT_COUNTER_OFFSET;
            final int agronaLatest = CAPACITY + BroadcastBufferDescriptor.LATEST_COUNTER_OFFSET;
            final UnsafeBuffer[] raw16 = ipcsyncLayoutFile(dir.resolve("raw16"));
            final UnsafeBuffer[] raw16Ld = ipcsyncLayoutFile(dir.resolve("raw16Ld"));
            final UnsafeBuffer raw8tr = agronaLayoutFile(dir.resolve("raw8tr"));
            final UnsafeBuffer raw8trLd = agronaLayoutFile(dir.resolve("raw8trLd"));

            final List<Contender> contenders = new ArrayList<>();
            contenders.add(new Contender("ipcsync", () ->
            {
                long sent = 0;
                while (!stop)
                {
                    source.putLong(0, sent);
                    producer.offer(1, source, 0, size);
                    sent++;
                }
                return sent;
            }, ipcsyncState, tail, ipcsyncRing));
            contenders.add(new Contender("agrona", () ->
            {
                long sent = 0;
                while (!stop)
                {
                    source.putLong(0, sent);
                    transmitter.transmit(1, source, 0, size);
                    sent++;
                }
                return sent;
            }, agrona, agronaTail, agrona));
            contenders.add(handWritten("raw16", size, 16, raw16[0], tail, intent, latest, raw16[1], source, false));
            contenders.add(handWritten("raw16Ld", size, 16, raw16Ld[0], tail, intent, latest, raw16Ld[1], source, true));
            contenders.add(handWritten("raw8tr", size, 8, raw8tr, agronaTail, agronaIntent, agronaLatest, raw8tr, source, false));
            contenders.add(handWritten("raw8trLd", size, 8, raw8trLd, agronaTail, agronaIntent, agronaLatest, raw8trLd, source, true));

            for (int round = -3; round < rounds; round++)
            {
                for (int producerCpu = 0; producerCpu < 2; producerCpu++)
                {
                    final StringBuilder line = new StringBuilder("round " + round + " producer on CPU " + producerCpu + ":");
                    for (int turn = 0; turn < contenders.size(); turn++)
                    {
                        final Contender contender = contenders.get(Math.floorMod(turn + round, contenders.size()));
                        line.append(String.format(" %s %.2f", contender.name(), race(contender, producerCpu)));
                    }
                    System.out.println(line);
                }
            }
            producer.close();
        }
        finally
        {
            try (var paths = Files.walk(dir))
            {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    static double race(final Contender contender, final int producerCpu) throws InterruptedException
    {
        stop = false;
        final long[] sent = new long[1];
        final Thread subscriber = new Thread(() ->
        {
            Affinity.pin(1 - producerCpu, AffinityMode.STRICT);
            long read = 0;
            long last = contender.tailBuffer().getLongVolatile(contender.tailOffset());
            while (!stop)
            {
                final long tail = contender.tailBuffer().getLongVolatile(contender.tailOffset());
                if (tail != last)
                {
                    for (long position = last; position < tail; position += 64)
                    {
                        read += contender.ring().getLong((int)(position & MASK) & ~7);
                    }
                    last = tail;
                }
            }
            sink += read;
        });
        final Thread sender = new Thread(() ->
        {
            Affinity.pin(producerCpu, AffinityMode.STRICT);
            sent[0] = contender.send().run();
        });
        subscriber.start();
        Thread.sleep(5);
        final long start = System.nanoTime();
        sender.start();
        Thread.sleep(250);
        stop = true;
        sender.join();
        final long elapsed = System.nanoTime() - start;
        subscriber.join();
        return sent[0] * 1e9 / elapsed / 1e6;
    }
}
