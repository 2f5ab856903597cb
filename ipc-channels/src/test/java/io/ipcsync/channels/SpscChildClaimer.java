package io.ipcsync.channels;

import java.nio.file.Path;

/**
 * A producer process that dies between claim and commit: {@code <directory> <name> <count>}
 * commits {@code count} messages holding their sequence numbers, claims one more, writes half of
 * it, prints "claimed" and waits to be killed.
 */
public final class SpscChildClaimer
{
    /** The value written into the half-written message; the consumer must never see it. */
    static final long NEVER_COMMITTED = 0xDEAD_BEEFL;

    private SpscChildClaimer()
    {
    }

    /**
     * Main.
     *
     * @param args directory, channel name, message count.
     * @throws InterruptedException never: the parent kills this process.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final int count = Integer.parseInt(args[2]);
        final ChannelProducer producer = Channels.spsc(args[1]).directory(Path.of(args[0])).producer();
        for (long seq = 0; seq < count; seq++)
        {
            while (!producer.offerLong(1, seq))
            {
                Thread.onSpinWait();
            }
        }
        final int index = producer.tryClaim(1, 64);
        producer.buffer().putLong(index, NEVER_COMMITTED);
        System.out.println("claimed");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
