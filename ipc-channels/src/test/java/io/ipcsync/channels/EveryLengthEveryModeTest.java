package io.ipcsync.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ipcsync.core.TestDirectory;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every mode with one producer thread and one consumer thread, on rings small against their
 * messages: lengths from 0 to the channel's largest (odd ones, and exactly the largest, too), sent
 * by {@code offer} and by {@code tryClaim}/{@code commit} at random, with an aborted claim now and
 * then, and polls whose limit lets one call cover the whole ring or only a few messages. The
 * consumer replays the producer's random draws, so it knows each message's length and content:
 * every message arrives once, in order, intact, and no aborted claim is ever delivered. A broadcast
 * subscriber may be lapped; then it must be told exactly how many messages it lost.
 */
class EveryLengthEveryModeTest
{
    private static final long COUNT = 100_000;
    private static final int SENT_TYPE = 1;
    private static final int ABORTED_TYPE = 2;

    private TestDirectory directory;

    @BeforeEach
    void setUp()
    {
        directory = TestDirectory.create();
    }

    @AfterEach
    void tearDown()
    {
        directory.close();
    }

    /** The producer's draws for one message, in the order both sides make them. */
    private record Draw(int length, boolean claimed, int abortedLength)
    {
        static Draw next(final SplittableRandom random, final int maxLength)
        {
            final int length = length(random, maxLength);
            final boolean claimed = random.nextBoolean();
            final int abortedLength = random.nextInt(16) == 0 ? length(random, maxLength) : -1;
            return new Draw(length, claimed, abortedLength);
        }

        private static int length(final SplittableRandom random, final int maxLength)
        {
            switch (random.nextInt(8))
            {
                case 0:
                    return random.nextInt(Math.min(maxLength, 9) + 1); // 0 to 9 bytes
                case 1:
                    return maxLength;
                default:
                    final int low = 1 << random.nextInt(32 - Integer.numberOfLeadingZeros(maxLength));
                    return Math.min(maxLength, low + random.nextInt(low));
            }
        }
    }

    private static byte content(final long seq, final int i)
    {
        return (byte)(seq * 131 + i * 7);
    }

    @ParameterizedTest(name = "{0}, capacity {1}, max message {2}, poll limit {3}")
    @CsvSource({
        "SPSC, 1024, 128, 100000", "SPSC, 65536, 8192, 3",
        "MPSC lanes, 1024, 128, 100000", "MPSC lanes, 65536, 8192, 3",
        "MPSC shared, 1024, 128, 100000", "MPSC shared, 65536, 8192, 100000", "MPSC shared, 4096, 512, 3",
        "SPMC, 1024, 128, 100000", "SPMC, 65536, 8192, 3",
        "MPMC, 1024, 128, 100000", "MPMC, 65536, 8192, 3",
        "broadcast, 1024, 128, 100000", "broadcast, 65536, 8192, 3"})
    @Timeout(120)
    void everyMessageArrivesOnceInOrderWithItsLengthAndContent(final String mode, final int capacity,
        final int maxLength, final int pollLimit) throws Exception
    {
        final ChannelBuilder channel = builder(mode).directory(directory.path()).capacity(capacity)
            .maxMessageLength(maxLength);
        try (ChannelConsumer consumer = channel.consumer(); ChannelProducer producer = channel.producer())
        {
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread sender = new Thread(() -> send(producer, maxLength, failure), "every-length-sender");
            sender.start();
            final SplittableRandom replay = new SplittableRandom(7);
            final long[] next = {0};
            final MessageHandler handler = (type, buffer, index, length) ->
            {
                final long seq = next[0];
                final Draw draw = Draw.next(replay, maxLength);
                assertEquals(SENT_TYPE, type, "message " + seq + ": an aborted claim was delivered");
                assertEquals(draw.length(), length, "message " + seq + ": length");
                for (int i = 0; i < length; i++)
                {
                    if (buffer.getByte(index + i) != content(seq, i))
                    {
                        throw new AssertionError("message " + seq + " of " + length + " bytes: byte " + i + " differs");
                    }
                }
                next[0]++;
            };
            long lostSeen = 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (next[0] < COUNT)
            {
                assertTrue(System.nanoTime() < deadline, "stuck at message " + next[0] + ": " + failure.get());
                final int status = consumer.poll(handler, pollLimit);
                if (status == ChannelConsumer.LAPPED)
                {
                    final long lost = ((BroadcastSubscriber)consumer).lostMessages();
                    for (; lostSeen < lost; lostSeen++)
                    {
                        Draw.next(replay, maxLength); // the lost message's draws
                        next[0]++;
                    }
                }
                else
                {
                    assertTrue(status >= 0, "status " + status + " at message " + next[0] + ": " + failure.get());
                }
            }
            sender.join();
            assertNull(failure.get(), "the producer failed");
            assertEquals(COUNT, next[0]);
            assertEquals(0, consumer.poll(handler, pollLimit), "nothing after the last message");
        }
    }

    private static ChannelBuilder builder(final String mode)
    {
        return switch (mode)
        {
            case "SPSC" -> Channels.spsc("every-length");
            case "MPSC lanes" -> Channels.mpsc("every-length");
            case "MPSC shared" -> Channels.mpsc("every-length").lanes(0);
            case "SPMC" -> Channels.spmc("every-length");
            case "MPMC" -> Channels.mpmc("every-length");
            case "broadcast" -> Channels.broadcast("every-length");
            default -> throw new IllegalArgumentException(mode);
        };
    }

    private static void send(final ChannelProducer producer, final int maxLength, final AtomicReference<Throwable> failure)
    {
        try
        {
            final SplittableRandom random = new SplittableRandom(7);
            final UnsafeBuffer source = new UnsafeBuffer(new byte[maxLength]);
            for (long seq = 0; seq < COUNT; seq++)
            {
                final Draw draw = Draw.next(random, maxLength);
                if (draw.abortedLength() >= 0)
                {
                    final int index = claim(producer, ABORTED_TYPE, draw.abortedLength());
                    producer.buffer().setMemory(index, draw.abortedLength(), (byte)0x5A);
                    producer.abort(index);
                }
                for (int i = 0; i < draw.length(); i++)
                {
                    source.putByte(i, content(seq, i));
                }
                if (draw.claimed())
                {
                    final int index = claim(producer, SENT_TYPE, draw.length());
                    producer.buffer().putBytes(index, source, 0, draw.length());
                    producer.commit(index);
                }
                else
                {
                    while (!producer.offer(SENT_TYPE, source, 0, draw.length()))
                    {
                        Thread.onSpinWait();
                    }
                }
            }
        }
        catch (final Throwable ex)
        {
            failure.set(ex);
        }
    }

    private static int claim(final ChannelProducer producer, final int typeId, final int length)
    {
        int index;
        while ((index = producer.tryClaim(typeId, length)) < 0)
        {
            Thread.onSpinWait();
        }
        return index;
    }
}
