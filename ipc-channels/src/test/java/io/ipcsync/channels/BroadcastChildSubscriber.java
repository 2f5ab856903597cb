package io.ipcsync.channels;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * A broadcast subscriber process: {@code <directory> <name> <capacity> <pacing file> <slot>
 * <pause millis per 64 messages>} joins, marks its slot, and reads until the channel closes,
 * checking each message's content and that its sequence follows the last one plus the losses
 * reported. It publishes the sequence it expects next in its slot after every poll, and prints
 * {@code received=R lost=L laps=K} at the end. A non-zero pause makes it slow.
 */
public final class BroadcastChildSubscriber
{
    private BroadcastChildSubscriber()
    {
    }

    /**
     * @param args directory, channel name, capacity, pacing file, slot, pause millis per 64 messages.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final int slot = Integer.parseInt(args[4]);
        final long pauseMillis = Long.parseLong(args[5]);
        final MessagePattern pattern = MessagePattern.create();
        final long[] next = {0};
        final MessageHandler handler = (type, buffer, index, length) ->
        {
            final long seq = pattern.verify(buffer, index, length);
            if (seq != next[0] || type != (int)(seq & 0xFFFF))
            {
                throw new AssertionError("slot " + slot + ": expected message " + next[0] + ", got " + seq +
                    " of type " + type);
            }
            next[0]++;
            if (pauseMillis > 0 && (seq & 63) == 0)
            {
                try
                {
                    Thread.sleep(pauseMillis);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (SequenceSlots pacing = SequenceSlots.open(Path.of(args[3]));
             ChannelConsumer consumer = Channels.broadcast(args[1]).directory(Path.of(args[0]))
                 .capacity(Integer.parseInt(args[2])).consumer())
        {
            next[0] = ((BroadcastSubscriber)consumer).nextSequence();
            pacing.set(slot, next[0]);
            final YieldingIdleStrategy idle = new YieldingIdleStrategy();
            long received = 0;
            long lostSeen = 0;
            long laps = 0;
            int status;
            while ((status = consumer.receive(handler, 64, 60, TimeUnit.SECONDS, idle)) != ChannelConsumer.CLOSED)
            {
                if (status == ChannelConsumer.LAPPED)
                {
                    laps++;
                    next[0] += consumer.lostMessages() - lostSeen;
                    lostSeen = consumer.lostMessages();
                }
                else if (status <= 0)
                {
                    throw new AssertionError("slot " + slot + ": status " + status + " after message " + next[0]);
                }
                else
                {
                    received += status;
                }
                pacing.set(slot, next[0]);
            }
            System.out.println("received=" + received + " lost=" + consumer.lostMessages() + " laps=" + laps +
                " next=" + next[0]);
        }
    }
}
