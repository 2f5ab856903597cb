package io.ipcsync.channels;

import java.nio.file.Path;

/**
 * An MPSC producer process that dies between claim and commit: {@code <directory> <name> <id>
 * <count> <capacity> [lanes]} commits {@code count} messages of type {@code id} holding their sequence
 * numbers, claims one more, writes half of it, prints "claimed" and waits to be killed.
 */
public final class MpscChildClaimer
{
    /** The value written into the half-written message; the consumer must never see it. */
    static final long NEVER_COMMITTED = 0xDEAD_BEEFL;

    private MpscChildClaimer()
    {
    }

    /**
     * Main.
     *
     * @param args directory, channel name, producer id, message count, ring capacity, and lanes (default 0).
     * @throws InterruptedException never: the parent kills this process.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final int id = Integer.parseInt(args[2]);
        final int count = Integer.parseInt(args[3]);
        final ChannelProducer producer = Channels.mpsc(args[1]).directory(Path.of(args[0]))
            .capacity(Integer.parseInt(args[4])).lanes(args.length > 5 ? Integer.parseInt(args[5]) : 0).producer();
        for (long seq = 0; seq < count; seq++)
        {
            while (!producer.offerLong(id, seq))
            {
                Thread.yield();
            }
        }
        int index;
        while ((index = producer.tryClaim(id, 64)) < 0)
        {
            Thread.yield();
        }
        producer.buffer().putLong(index, NEVER_COMMITTED);
        producer.buffer().putLong(index + 8, NEVER_COMMITTED);
        System.out.println("claimed");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
