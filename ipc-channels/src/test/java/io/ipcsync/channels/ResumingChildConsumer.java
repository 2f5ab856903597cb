package io.ipcsync.channels;

import java.nio.file.Path;

/**
 * A consumer process that may be killed and replaced: {@code <directory> <name> <SPSC|MPSC>
 * <progress file>} attaches to a channel the test's producer created, prints "ready", and reads
 * pattern messages until the channel closes, checking that each follows the one before. After each
 * message it stores the sequence it expects next in slot 0 of the progress file (see
 * {@link SequenceSlots}); at the end it prints {@code first=F next=N}: the sequence of the first
 * message it was given and the one after its last.
 */
public final class ResumingChildConsumer
{
    private ResumingChildConsumer()
    {
    }

    /**
     * @param args directory, channel name, mode (SPSC or MPSC), progress file.
     */
    public static void main(final String[] args)
    {
        final MessagePattern pattern = MessagePattern.create();
        final long[] first = {-1};
        final long[] next = {-1};
        final ChannelBuilder channel = ("SPSC".equals(args[2]) ? Channels.spsc(args[1]) : Channels.mpsc(args[1]))
            .directory(Path.of(args[0]));
        try (SequenceSlots progress = SequenceSlots.open(Path.of(args[3]));
             ChannelConsumer consumer = channel.consumer())
        {
            final MessageHandler handler = (type, buffer, index, length) ->
            {
                final long seq = pattern.verify(buffer, index, length);
                if (first[0] < 0)
                {
                    first[0] = seq;
                }
                else if (seq != next[0])
                {
                    throw new AssertionError("message " + seq + " after " + (next[0] - 1));
                }
                next[0] = seq + 1;
                progress.set(0, next[0]);
            };
            System.out.println("ready");
            System.out.flush();
            int status;
            while ((status = consumer.poll(handler, 256)) != ChannelConsumer.CLOSED)
            {
                if (status < 0)
                {
                    throw new AssertionError("poll status " + status + " after message " + (next[0] - 1));
                }
                if (status == 0)
                {
                    Thread.onSpinWait();
                }
            }
            System.out.println("first=" + first[0] + " next=" + next[0]);
        }
    }
}
