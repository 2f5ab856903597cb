package io.ipcsync.channels;

/**
 * A producer process of an SPMC or MPMC channel that dies between claim and commit:
 * {@code <directory> <name> <mode> <producerId> <count>} commits {@code count} pattern messages with the
 * producer id as their type, claims one more, writes half of it, prints "claimed" and waits to be killed.
 */
public final class MpmcChildClaimer
{
    /** The sequence written into the half-written message; no consumer may see it. */
    static final long NEVER_COMMITTED = 0xDEAD_BEEFL;

    private MpmcChildClaimer()
    {
    }

    /**
     * @param args directory, channel name, mode (SPMC or MPMC), producer id, message count.
     * @throws InterruptedException never: the parent kills this process.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final int producerId = Integer.parseInt(args[3]);
        final int count = Integer.parseInt(args[4]);
        final MessagePattern pattern = MessagePattern.create();
        final ChannelProducer producer = MpmcChildProducer.builder(args[0], args[1], args[2]).producer();
        for (long seq = 0; seq < count; seq++)
        {
            int index;
            while ((index = producer.tryClaim(producerId, 64)) < 0)
            {
                Thread.yield();
            }
            pattern.write(producer.buffer(), index, seq, 64);
            producer.commit(index);
        }
        final int index = producer.tryClaim(producerId, 64);
        producer.buffer().putLong(index, NEVER_COMMITTED);
        System.out.println("claimed");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
