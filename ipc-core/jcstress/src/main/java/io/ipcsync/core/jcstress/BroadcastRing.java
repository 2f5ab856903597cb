package io.ipcsync.core.jcstress;

import io.ipcsync.core.ChannelFile;
import io.ipcsync.core.ChannelLayout;
import io.ipcsync.core.ChannelMode;
import io.ipcsync.core.ring.BroadcastReceiver;
import io.ipcsync.core.ring.BroadcastTransmitter;
import io.ipcsync.core.ring.RecordHandler;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A transmitter and a receiver over a fresh 1 KiB BROADCAST channel file, for one jcstress state;
 * made, mapped and deleted by {@link UnlinkedChannelFile}. The receiver joins before the first message.
 */
public final class BroadcastRing implements AutoCloseable
{
    /** Ring capacity in bytes. */
    public static final int CAPACITY = 1024;
    /** Type of every message the tests write. */
    public static final int TYPE = 7;

    /** Words per message of {@link #fillBeforeALap} and {@link #offerLappingMessage}. */
    public static final int LAP_WORDS = 15;
    /** Messages {@link #fillBeforeALap} writes. */
    public static final int LAP_MESSAGES = 7;

    private static final long LIVENESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ChannelFile file;
    /** The producer. */
    public final BroadcastTransmitter transmitter;
    /** A subscriber that joined before the first message. */
    public final BroadcastReceiver receiver;

    /**
     * Creates, maps and deletes a channel file, attaches the transmitter and joins a receiver.
     */
    public BroadcastRing()
    {
        file = UnlinkedChannelFile.create(ChannelLayout.of(ChannelMode.BROADCAST, CAPACITY));
        transmitter = new BroadcastTransmitter(file);
        receiver = newReceiver();
    }

    /**
     * Joins another receiver at the transmitter's current tail.
     *
     * @return the receiver.
     */
    public BroadcastReceiver newReceiver()
    {
        return new BroadcastReceiver(file, LIVENESS_INTERVAL_NANOS);
    }

    /**
     * Offers a message of {@code words} longs, each {@code value}.
     *
     * @param words how many longs.
     * @param value what each holds.
     */
    public void offerWords(final int words, final long value)
    {
        final UnsafeBuffer source = new UnsafeBuffer(new byte[words * Long.BYTES]);
        for (int w = 0; w < words; w++)
        {
            source.putLong(w * Long.BYTES, value);
        }
        transmitter.offer(TYPE, source, 0, words * Long.BYTES);
    }

    /**
     * Writes messages 0 to 6 of {@link #LAP_WORDS} words each, every word of message {@code s}
     * equal to {@code Values.FIRST + s}: 7 records of 136 bytes, 952 bytes of the ring, none read.
     */
    public void fillBeforeALap()
    {
        for (int seq = 0; seq < LAP_MESSAGES; seq++)
        {
            offerWords(LAP_WORDS, Values.FIRST + seq);
        }
    }

    /**
     * After {@link #fillBeforeALap}, offers message 7 ({@link #LAP_WORDS} words of {@code Values.NEWER}):
     * 72 bytes of padding at 952, the record at 0, over record 0.
     */
    public void offerLappingMessage()
    {
        offerWords(LAP_WORDS, Values.NEWER);
    }

    /**
     * Polls one message with {@code receiver}, failing unless there was one.
     */
    public void pollOne()
    {
        final int read = receiver.poll((typeId, buffer, index, length) -> { }, 1);
        if (read != 1)
        {
            throw new IllegalStateException("setup: poll read " + read + " messages from " + file + ", expected 1");
        }
    }

    /**
     * Returns a handler that records, into a result's fields, the first word of the message and how many of
     * its words differ from the first.
     *
     * @param words where the handler puts what it saw: [first word, words that differ].
     * @return the handler.
     */
    public static RecordHandler wordChecker(final long[] words)
    {
        return (typeId, buffer, index, length) ->
        {
            final long first = buffer.getLong(index);
            long differing = 0;
            for (int offset = Long.BYTES; offset < length; offset += Long.BYTES)
            {
                if (buffer.getLong(index + offset) != first)
                {
                    differing++;
                }
            }
            words[0] = first;
            words[1] = differing;
        };
    }

    /**
     * Closes both sides and unmaps the file. Only once every actor of the state is done.
     */
    @Override
    public void close()
    {
        transmitter.close();
        receiver.close();
        file.close();
    }
}
