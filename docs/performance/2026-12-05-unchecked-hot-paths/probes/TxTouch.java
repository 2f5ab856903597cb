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
 * (millions) per turn, both thread placements, one line per round. {@code TxRace} of
 * 2026-12-04-broadcast-state-load with more hand-written transmitters, all loading the tail from
 * the file before each record as Agrona's does: {@code raw16Ld} (ipcsync's format and state
 * offsets), {@code raw16LdC} (and the two message counters stored after the tail, as ipcsync's
 * transmitter does), {@code raw16LdCB} (stored before it), {@code raw16trLd} (16-byte header,
 * Agrona's trailer: intent, tail and latest on one line after the ring), {@code raw8trLd} (Agrona's
 * format), and {@code touchN}: {@code raw16Ld} that also stores, for each record, the word it reads
 * at the start of each cache line N bytes ahead of the record back into it, unchanged, so that the
 * line is its own before the record gets there (a store of the same value needs no tail intent:
 * no subscriber can see a difference).
 *
 * <pre>
 * javac -cp bench/target/ipcsync-bench.jar TxTouch.java
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/ipcsync-bench.jar:. TxTouch 1024 6
 * </pre>
 */
public class TxTouch
{
    static final int CAPACITY = 1 << 20;
    static final int MASK = CAPACITY - 1;
    /** handWritten's last argument: no lines touched ahead, the message counters stored after the tail (as ipcsync does). */
    static final int COUNTERS_AFTER_TAIL = -1;
    /** ... or before it. */
    static final int COUNTERS_BEFORE_TAIL = -2;
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
        return handWritten(name, size, header, state, tailOffset, intentOffset, latestOffset, ring, source, loadTail, 0);
    }

    static Contender handWritten(final String name, final int size, final int header, final UnsafeBuffer state,
        final int tailOffset, final int intentOffset, final int latestOffset, final UnsafeBuffer ring,
        final UnsafeBuffer source, final boolean loadTail, final int touchAhead)
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
                if (touchAhead > 0)
                {
                    final long from = (tail + touchAhead + 63) & ~63L;
                    for (long p = from; p < tail + touchAhead + record; p += 64)
                    {
                        final int i = (int)p & MASK;
                        ring.putLong(i, ring.getLong(i));
                    }
                }
                ring.putInt(index, size + header);
                ring.putInt(index + 4, 1);
                if (header == 16)
                {
                    ring.putLong(index + 8, sent);
                }
                ring.putBytes(index + header, source, 0, size);
                state.putLong(latestOffset, tail);
                if (touchAhead == COUNTERS_BEFORE_TAIL)
                {
                    state.putLong(tailOffset + 8, sent + 1);
                    state.putLong(tailOffset + 16, (sent + 1) * size);
                }
                state.putLongRelease(tailOffset, tail + record);
                if (touchAhead == COUNTERS_AFTER_TAIL)
                {
                    state.putLong(tailOffset + 8, sent + 1);
                    state.putLong(tailOffset + 16, (sent + 1) * size);
                }
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
                        final UnsafeBuffer[] raw16Ld = ipcsyncLayoutFile(dir.resolve("raw16Ld"));
                        
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
            
            contenders.add(handWritten("raw16Ld", size, 16, raw16Ld[0], tail, intent, latest, raw16Ld[1], source, true));
            final UnsafeBuffer[] raw16LdC = ipcsyncLayoutFile(dir.resolve("raw16LdC"));
            contenders.add(handWritten("raw16LdC", size, 16, raw16LdC[0], tail, intent, latest, raw16LdC[1], source, true, COUNTERS_AFTER_TAIL));
            final UnsafeBuffer[] raw16LdCB = ipcsyncLayoutFile(dir.resolve("raw16LdCB"));
            contenders.add(handWritten("raw16LdCB", size, 16, raw16LdCB[0], tail, intent, latest, raw16LdCB[1], source, true, COUNTERS_BEFORE_TAIL));
            final UnsafeBuffer raw16trLd = agronaLayoutFile(dir.resolve("raw16trLd"));
            contenders.add(handWritten("raw16trLd", size, 16, raw16trLd, agronaTail, agronaIntent, agronaLatest, raw16trLd, source, true));
            final UnsafeBuffer raw8trLd = agronaLayoutFile(dir.resolve("raw8trLd"));
            contenders.add(handWritten("raw8trLd", size, 8, raw8trLd, agronaTail, agronaIntent, agronaLatest, raw8trLd, source, true));
            for (final int ahead : new int[] {4096, 16384, 65536})
            {
                final UnsafeBuffer[] touch = ipcsyncLayoutFile(dir.resolve("touch" + ahead));
                contenders.add(handWritten("touch" + ahead, size, 16, touch[0], tail, intent, latest, touch[1], source, true, ahead));
            }
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
