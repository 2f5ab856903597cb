package io.ipcsync.bench.latency;

import java.nio.file.Path;
import java.util.List;

/**
 * A way for two processes to bounce a message: the ping side sends over one channel, the echo side
 * sends every message back unchanged over a second channel. One implementation per library; the
 * {@link LatencyHarness} does the timing, so an implementation only moves bytes.
 *
 * <p>A message is {@code messageLength} bytes (at least {@link #MIN_MESSAGE_LENGTH}): the ping's
 * {@code System.nanoTime()} at {@link #TIMESTAMP_OFFSET}, its sequence number at
 * {@link #SEQUENCE_OFFSET} ({@link #STOP} asks the echo side to finish), filler after that. The
 * echo side copies the whole message back.
 *
 * <p>Life cycle: in the ping process {@link #createShared} runs first; then the echo process starts
 * and calls {@link #openEcho}, while the ping process calls {@link #openPing}. Either side may
 * open before the other: until the echo side is there, {@link Ping#send} may return false or the
 * message may wait in the channel; the harness retries until the first echo comes back.
 */
public interface PingPongTransport
{
    /** Offset of the ping's timestamp. */
    int TIMESTAMP_OFFSET = 0;
    /** Offset of the sequence number. */
    int SEQUENCE_OFFSET = 8;
    /** Smallest message: timestamp and sequence. */
    int MIN_MESSAGE_LENGTH = 16;
    /** Sequence number of the message that tells the echo side to echo it and finish. */
    long STOP = -1;
    /** Message type id, for the libraries that carry one. */
    int TYPE_ID = 7;

    /**
     * Returns the short name used on command lines and in file names, e.g. {@code agrona}.
     *
     * @return the short name used on command lines and in file names, e.g. {@code agrona}.
     */
    String id();

    /**
     * Returns the name shown in reports, e.g. {@code Agrona OneToOneRingBuffer}.
     *
     * @return the name shown in reports, e.g. {@code Agrona OneToOneRingBuffer}.
     */
    String displayName();

    /**
     * Returns JVM flags both processes need for this library (heap flags are added by the harness).
     *
     * @return JVM flags both processes need for this library (heap flags are added by the harness).
     */
    List<String> jvmFlags();

    /**
     * Creates what both processes share, in the ping process before the echo process starts.
     *
     * @param dir           an empty scratch directory for this run, deleted afterwards.
     * @param messageLength bytes per message.
     * @return closed by the ping process after the echo process has finished (e.g. an embedded media driver).
     * @throws Exception if the shared resources cannot be created.
     */
    AutoCloseable createShared(Path dir, int messageLength) throws Exception;

    /**
     * Opens the ping side, in the ping process.
     *
     * @param dir           the directory given to {@link #createShared}.
     * @param messageLength bytes per message.
     * @return the ping side.
     * @throws Exception if it cannot be opened.
     */
    Ping openPing(Path dir, int messageLength) throws Exception;

    /**
     * Opens the echo side, in the echo process.
     *
     * @param dir           the directory given to {@link #createShared}.
     * @param messageLength bytes per message.
     * @return the echo side.
     * @throws Exception if it cannot be opened.
     */
    Echo openEcho(Path dir, int messageLength) throws Exception;

    /** The ping side: sends a stamped message, then polls for its echo. Used by one thread. */
    interface Ping extends AutoCloseable
    {
        /**
         * Sends one message without waiting.
         *
         * @param timestamp the value for {@link #TIMESTAMP_OFFSET}.
         * @param sequence  the value for {@link #SEQUENCE_OFFSET}.
         * @return true if sent; false if the channel is full or not connected yet (try again).
         */
        boolean send(long timestamp, long sequence);

        /**
         * Polls once for an echoed message.
         *
         * @return true if one arrived; its fields are then {@link #echoTimestamp()} and {@link #echoSequence()}.
         */
        boolean receive();

        /**
         * Returns the timestamp of the last message {@link #receive()} returned.
         *
         * @return the timestamp of the last message {@link #receive()} returned.
         */
        long echoTimestamp();

        /**
         * Returns the sequence of the last message {@link #receive()} returned.
         *
         * @return the sequence of the last message {@link #receive()} returned.
         */
        long echoSequence();

        /** Releases the ping side's channels. */
        @Override
        void close();
    }

    /** The echo side: sends every message back. Used by one thread. */
    interface Echo extends AutoCloseable
    {
        /**
         * Polls once and sends back, unchanged, every message that arrived (waiting while the return
         * channel is full).
         *
         * @return messages echoed (0 if none arrived), or -1 once it echoed a {@link #STOP} message.
         */
        int echo();

        /** Releases the echo side's channels. */
        @Override
        void close();
    }
}
