package io.ipcsync.bench.report;

import io.ipcsync.bench.throughput.AeronIpcThroughput;
import io.ipcsync.bench.throughput.AgronaRingBufferThroughput;
import io.ipcsync.bench.throughput.ArrayBlockingQueueThroughput;
import io.ipcsync.bench.throughput.ChronicleQueueThroughput;
import io.ipcsync.bench.throughput.DisruptorThroughput;
import io.ipcsync.bench.throughput.IpcsyncSpscLongThroughput;
import io.ipcsync.bench.throughput.IpcsyncSpscThroughput;
import io.ipcsync.bench.throughput.JcToolsSpscThroughput;
import java.util.List;

/**
 * The libraries of the comparison, in report order: their names, their JMH benchmark classes and
 * whether they have a cross-process latency transport (same id as the library).
 */
public enum Library
{
    /** Agrona {@code OneToOneRingBuffer} over a mapped file. */
    AGRONA("agrona", "Agrona OneToOneRingBuffer", true, true, AgronaRingBufferThroughput.class),
    /** Aeron IPC with an embedded media driver. */
    AERON("aeron", "Aeron IPC", true, true, AeronIpcThroughput.class),
    /** Chronicle Queue. */
    CHRONICLE("chronicle", "Chronicle Queue", true, true, ChronicleQueueThroughput.class),
    /** JCTools {@code SpscArrayQueue}: heap, one process only. */
    JCTOOLS("jctools", "JCTools SpscArrayQueue", false, false, JcToolsSpscThroughput.class),
    /** LMAX Disruptor 4: heap, one process only. */
    DISRUPTOR("disruptor", "LMAX Disruptor 4", false, false, DisruptorThroughput.class),
    /** {@code java.util.concurrent.ArrayBlockingQueue}: heap, one process only. */
    ABQ("abq", "ArrayBlockingQueue", false, false, ArrayBlockingQueueThroughput.class),
    /** ipcsync SPSC channel: the library under test. */
    IPCSYNC("ipcsync", "ipcsync SPSC", true, true, IpcsyncSpscThroughput.class, IpcsyncSpscLongThroughput.class);

    private final String id;
    private final String displayName;
    private final boolean sharedMemory;
    private final boolean hasLatency;
    private final List<Class<?>> benchmarks;

    Library(final String id, final String displayName, final boolean sharedMemory, final boolean hasLatency,
        final Class<?>... benchmarks)
    {
        this.id = id;
        this.displayName = displayName;
        this.sharedMemory = sharedMemory;
        this.hasLatency = hasLatency;
        this.benchmarks = List.of(benchmarks);
    }

    /**
     * Returns the short id used on the command line ({@code --only}) and as latency transport id.
     *
     * @return short id used on the command line ({@code --only}) and as latency transport id.
     */
    public String id()
    {
        return id;
    }

    /**
     * Returns the name shown in reports.
     *
     * @return name shown in reports.
     */
    public String displayName()
    {
        return displayName;
    }

    /**
     * Returns true when the library works between processes (shared memory); false for heap queues.
     *
     * @return true when the library works between processes (shared memory); false for heap queues.
     */
    public boolean sharedMemory()
    {
        return sharedMemory;
    }

    /**
     * Returns true when the latency harness has a transport for this library.
     *
     * @return true when the latency harness has a transport for this library.
     */
    public boolean hasLatency()
    {
        return hasLatency;
    }

    /**
     * Returns the JMH benchmark classes of this library.
     *
     * @return the JMH benchmark classes of this library.
     */
    public List<Class<?>> benchmarks()
    {
        return benchmarks;
    }

    /**
     * Returns true for ipcsync, the library compared against the others.
     *
     * @return true for ipcsync, the library compared against the others.
     */
    public boolean isSubject()
    {
        return this == IPCSYNC;
    }

    /**
     * Finds the library that owns a benchmark.
     *
     * @param benchmark a JMH benchmark name, {@code package.Class.group}.
     * @return the library that owns it, or null.
     */
    public static Library ofBenchmark(final String benchmark)
    {
        for (final Library library : values())
        {
            for (final Class<?> type : library.benchmarks)
            {
                if (benchmark.startsWith(type.getName() + "."))
                {
                    return library;
                }
            }
        }
        return null;
    }

    /**
     * Finds a library by id.
     *
     * @param id a library id.
     * @return that library.
     * @throws IllegalArgumentException naming the known ids.
     */
    public static Library byId(final String id)
    {
        for (final Library library : values())
        {
            if (library.id.equals(id))
            {
                return library;
            }
        }
        final StringBuilder known = new StringBuilder();
        for (final Library library : values())
        {
            known.append(known.length() == 0 ? "" : ",").append(library.id);
        }
        throw new IllegalArgumentException("no library '" + id + "'; known: " + known);
    }
}
