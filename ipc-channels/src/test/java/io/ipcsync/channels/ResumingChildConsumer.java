package io.ipcsync.channels;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * A consumer process that may be killed and replaced: {@code <directory> <name> <SPSC|MPSC>
 * <progress file>} attaches to a channel the test's producers created, prints "ready", and reads
 * pattern messages until the channel closes. A message's type is its producer's slot in the
 * progress file (see {@link SequenceSlots}); the consumer checks that each producer's messages
 * follow one another and, after each message, stores the sequence it expects next from that
 * producer in its slot. The first message from each producer must be no later than the sequence
 * its slot held when this consumer started (nothing lost) and at most {@link #POLL_LIMIT} earlier
 * (a predecessor killed in a poll); otherwise it exits with an error. At the end it prints, for each producer it heard from,
 * {@code slot=F/N}: the sequence of the first message it was given and the one after its last.
 */
public final class ResumingChildConsumer
{
    /** Messages per poll: a consumer killed in a poll makes its successor repeat at most this many. */
    static final int POLL_LIMIT = 256;

    private ResumingChildConsumer()
    {
    }

    /**
     * @param args directory, channel name, mode (SPSC or MPSC), progress file.
     */
    public static void main(final String[] args)
    {
        final MessagePattern pattern = MessagePattern.create();
        final ChannelBuilder channel = ("SPSC".equals(args[2]) ? Channels.spsc(args[1]) : Channels.mpsc(args[1]))
            .directory(Path.of(args[0]));
        try (SequenceSlots progress = SequenceSlots.open(Path.of(args[3]));
             ChannelConsumer consumer = channel.consumer())
        {
            final long[] first = new long[progress.count()];
            final long[] next = new long[progress.count()];
            Arrays.fill(first, -1);
            final MessageHandler handler = (type, buffer, index, length) ->
            {
                final long seq = pattern.verify(buffer, index, length);
                if (first[type] < 0)
                {
                    final long before = Math.max(0, progress.get(type)); // what the consumers before this one handled
                    if (seq > before || before - seq > POLL_LIMIT)
                    {
                        throw new AssertionError("producer " + type + ": resumed at " + seq + " after " + before +
                            " messages handled (nothing may be lost, at most one poll of " + POLL_LIMIT + " repeated)");
                    }
                    first[type] = seq;
                }
                else if (seq != next[type])
                {
                    throw new AssertionError("producer " + type + ": message " + seq + " after " + (next[type] - 1));
                }
                next[type] = seq + 1;
                progress.set(type, next[type]);
            };
            System.out.println("ready");
            System.out.flush();
            int status;
            while ((status = consumer.poll(handler, POLL_LIMIT)) != ChannelConsumer.CLOSED)
            {
                if (status < 0)
                {
                    throw new AssertionError("poll status " + status);
                }
                if (status == 0)
                {
                    Thread.onSpinWait();
                }
            }
            final StringJoiner result = new StringJoiner(" ");
            for (int slot = 0; slot < first.length; slot++)
            {
                if (first[slot] >= 0)
                {
                    result.add(slot + "=" + first[slot] + "/" + next[slot]);
                }
            }
            System.out.println(result);
        }
    }
}
