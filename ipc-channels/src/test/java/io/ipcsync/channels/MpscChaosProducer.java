package io.ipcsync.channels;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One producer process of {@link CrossProcessMpscTest}'s repeated kills:
 * {@code <directory> <name> <id> <capacity> <lanes> <progress file> <per second>} sends checksummed
 * pattern messages of 16 to 64 bytes with type {@code id} and sequences from 0, by {@code tryClaim}
 * and {@code commit} and by {@code offer} in turn, about {@code per second} a second, until its stdin
 * closes (then it closes the producer) or it is killed. After each message is committed it stores
 * how many it has committed in its slot ({@code id}) of the progress file ({@link SequenceSlots}), so
 * the test knows a lower bound of what must arrive even from a process it killed.
 */
public final class MpscChaosProducer
{
    private MpscChaosProducer()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final int id = Integer.parseInt(args[2]);
        final long perSecond = Long.parseLong(args[6]);
        final SplittableRandom random = new SplittableRandom(id);
        final MessagePattern pattern = MessagePattern.create();
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread stdin = new Thread(() ->
        {
            try
            {
                while (System.in.read() >= 0)
                {
                    Thread.onSpinWait();
                }
            }
            catch (final IOException ignored)
            {
                // the test went away: stop as if told to
            }
            stop.set(true);
        });
        stdin.setDaemon(true);
        stdin.start();
        try (SequenceSlots progress = SequenceSlots.open(Path.of(args[5]));
            ChannelProducer producer = Channels.mpsc(args[1]).directory(Path.of(args[0]))
                .capacity(Integer.parseInt(args[3])).lanes(Integer.parseInt(args[4]))
                .livenessInterval(Duration.ofMillis(20)).producer())
        {
            System.out.println("ready");
            System.out.flush();
            final long start = System.nanoTime();
            long seq = 0;
            while (!stop.get())
            {
                if (seq > (System.nanoTime() - start) / 1_000_000_000.0 * perSecond)
                {
                    Thread.yield();
                    continue;
                }
                final int length = 16 + random.nextInt(49);
                if ((seq & 1) == 0)
                {
                    final int index = producer.tryClaim(id, length);
                    if (index < 0)
                    {
                        Thread.yield();
                        continue;
                    }
                    pattern.write(producer.buffer(), index, seq, length);
                    producer.commit(index);
                }
                else
                {
                    pattern.write(scratch, 0, seq, length);
                    if (!producer.offer(id, scratch, 0, length))
                    {
                        Thread.yield();
                        continue;
                    }
                }
                progress.set(id, ++seq);
            }
        }
    }
}
