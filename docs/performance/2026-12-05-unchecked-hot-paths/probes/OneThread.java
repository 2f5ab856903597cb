import io.ipcsync.channels.ChannelConsumer;
import io.ipcsync.channels.ChannelProducer;
import io.ipcsync.channels.Channels;
import io.ipcsync.channels.ChannelBuilder;
import io.ipcsync.channels.MessageHandler;
import java.nio.file.*;
import java.nio.file.attribute.PosixFilePermissions;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One thread: offers a batch of messages (half a ring) into a channel, then polls them, 3,000 times;
 * prints ns per offer and per received message over the last 2,000.
 * Args: spsc|mpsc|spmc|broadcast, message size, and for mpsc the number of lanes.
 */
public class OneThread
{
    static long sum;

    public static void main(String[] args) throws Exception
    {
        final String mode = args[0];
        final int size = Integer.parseInt(args[1]);
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "onethread",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try
        {
            final ChannelBuilder b = (switch (mode)
            {
                case "spsc" -> Channels.spsc("p");
                case "mpsc" -> Channels.mpsc("p").lanes(Integer.parseInt(args[2]));
                case "broadcast" -> Channels.broadcast("p");
                case "spmc" -> Channels.spmc("p").maxMessageLength(size);
                default -> throw new IllegalArgumentException(mode);
            }).directory(dir).capacity(1 << 20);
            final ChannelProducer producer = b.producer();
            final ChannelConsumer consumer = b.consumer();
            final UnsafeBuffer source = new UnsafeBuffer(new byte[size]);
            final MessageHandler h = (t, buf, i, l) -> sum += buf.getLong(i);
            final int batch = (1 << 20) / (size + 16) / 2;
            long offerNs = 0, pollNs = 0, n = 0;
            for (int rep = 0; rep < 3000; rep++)
            {
                final long t0 = System.nanoTime();
                for (int i = 0; i < batch; i++)
                {
                    source.putLong(0, i);
                    producer.offer(1, source, 0, size);
                }
                final long t1 = System.nanoTime();
                int got = 0;
                while (got < batch)
                {
                    final int r = consumer.poll(h, 256);
                    if (r < 0) throw new IllegalStateException("status " + r);
                    got += r;
                }
                final long t2 = System.nanoTime();
                if (rep >= 1000)
                {
                    offerNs += t1 - t0;
                    pollNs += t2 - t1;
                    n += batch;
                }
            }
            System.out.printf("%s size %d: offer %.2f ns, poll %.2f ns per message%n", mode, size, (double)offerNs / n, (double)pollNs / n);
            producer.close();
            consumer.close();
        }
        finally
        {
            try (var s = Files.walk(dir)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
        }
    }
}
