package io.ipcsync.bench.throughput;

/**
 * One library's send and receive loops for {@link InterleavedRace}: the same work as its JMH
 * benchmark ({@link Workload}: a sequence at both ends of each message, checked by the consumer,
 * one send per loop turn, batch reads of up to {@link Workload#BATCH_LIMIT}), written as plain
 * loops so that several libraries can take turns on the same two threads within seconds.
 *
 * <p>Each subclass has loops of its own, so the JIT compiles every library's loop for that
 * library alone (no shared call site that sees several libraries).
 */
abstract class Contender
{
    /** What {@link #becomeTwin} appends to the library's name. */
    static final String TWIN = "-twin";

    private String name;
    /** Sequence the next received message must carry. */
    long expected;
    /** Sequence the next turn's first message carries: one past the last one sent. */
    long nextToSend;

    Contender(final String name)
    {
        this.name = name;
    }

    String name()
    {
        return name;
    }

    /**
     * Renames this contender as the twin of another instance of the same library and send path
     * ("Agrona transmit" becomes "Agrona-twin transmit"), so that the report can set a library
     * against itself: the spread of that ratio is what the machine alone does to a ratio.
     */
    void becomeTwin()
    {
        final int space = name.indexOf(' ');
        name = space < 0 ? name + TWIN : name.substring(0, space) + TWIN + name.substring(space);
    }

    /**
     * Creates the ring with messages of the given size.
     *
     * @param size message size in bytes, 8 or more.
     */
    abstract void open(int size);

    /** Releases the ring and deletes its files. */
    abstract void close();

    /**
     * Sends messages until the slice stops.
     *
     * @param first sequence of the first message.
     * @param slice tells when to stop.
     * @return the sequence of the next message (one past the last one sent).
     */
    abstract long send(long first, Slice slice);

    /**
     * Receives and checks messages until the slice stops and every message sent in it has arrived;
     * records in the slice how many had arrived when it stopped.
     *
     * @param slice tells when to stop and how many were sent.
     */
    abstract void receive(Slice slice);

    /**
     * Checks one message's sequence fields.
     *
     * @param first sequence in its first 8 bytes.
     * @param last  sequence in its last 8 bytes (the same field for 8-byte messages).
     */
    final void check(final long first, final long last)
    {
        expected = Workload.checkedNext(expected, first, last);
    }

    /**
     * Tells the consumer, once the slice stopped, whether messages sent in it are still on their way.
     *
     * @param slice the turn.
     * @return true until every message sent has arrived, or either side failed.
     */
    final boolean inFlight(final Slice slice)
    {
        final long end = slice.sentEnd;
        return !slice.failed && (end < 0 || expected < end);
    }

    /** The start and stop signals of one turn, and what the consumer counted. */
    static final class Slice
    {
        volatile boolean started;
        volatile boolean stopped;
        /** Set when either side threw, or the consumer did not finish in time: the other stops waiting. */
        volatile boolean failed;
        /** One past the last sequence the producer sent; -1 until it stopped. */
        volatile long sentEnd = -1;
        /** Messages received between the start and the stop signal. */
        volatile long receivedWhileRunning;
    }
}
