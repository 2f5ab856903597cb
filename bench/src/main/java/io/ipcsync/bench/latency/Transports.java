package io.ipcsync.bench.latency;

import java.util.List;

/**
 * The {@link PingPongTransport}s the harness knows, in report order: the peers, then ipcsync, then
 * {@link CacheLineTransport}, the floor under all of them (run by hand, {@code --transport line};
 * the comparison runs the libraries of {@code report.Library}). A new transport is one more entry here.
 */
public final class Transports
{
    private Transports()
    {
    }

    /**
     * Returns one instance of every transport.
     *
     * @return one instance of every transport.
     */
    public static List<PingPongTransport> all()
    {
        return List.of(new AgronaRingTransport(), new AeronIpcTransport(), new ChronicleQueueTransport(), new IpcsyncTransport(),
            new CacheLineTransport());
    }

    /**
     * Finds a transport by id.
     *
     * @param id a transport's {@link PingPongTransport#id()}.
     * @return that transport.
     * @throws IllegalArgumentException naming the known ids when there is no such transport.
     */
    public static PingPongTransport byId(final String id)
    {
        for (final PingPongTransport transport : all())
        {
            if (transport.id().equals(id))
            {
                return transport;
            }
        }
        throw new IllegalArgumentException("no transport '" + id + "'; known: " + ids());
    }

    /**
     * Returns the ids of all transports, comma separated.
     *
     * @return the ids of all transports, comma separated.
     */
    public static String ids()
    {
        final StringBuilder ids = new StringBuilder();
        for (final PingPongTransport transport : all())
        {
            ids.append(ids.length() == 0 ? "" : ",").append(transport.id());
        }
        return ids.toString();
    }
}
