package io.ipcsync.bench.throughput;

import io.ipcsync.bench.ScratchDir;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastBufferDescriptor;
import org.agrona.concurrent.broadcast.BroadcastReceiver;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;
import org.agrona.concurrent.broadcast.CopyBroadcastReceiver;

/**
 * The Agrona side of the broadcast workload: a broadcast buffer of {@link Workload#RING_BYTES} in a
 * file mapped from a scratch directory under {@code /dev/shm}, as two processes would share it, with
 * its transmitter and one {@link CopyBroadcastReceiver} joined before the first message; for
 * {@code AgronaBroadcastThroughput} and the broadcast race ({@code InterleavedRace --mode broadcast}).
 */
public final class AgronaBroadcastBuffer implements AutoCloseable
{
    private final Path dir;
    private final MappedByteBuffer mapped;
    private final BroadcastTransmitter transmitter;
    private final CopyBroadcastReceiver receiver;

    /**
     * Creates and maps the buffer file.
     *
     * @param what names the scratch directory.
     */
    public AgronaBroadcastBuffer(final String what)
    {
        dir = ScratchDir.create(what);
        try
        {
            mapped = IoUtil.mapNewFile(dir.resolve("broadcast.buffer").toFile(),
                Workload.RING_BYTES + BroadcastBufferDescriptor.TRAILER_LENGTH);
        }
        catch (final RuntimeException ex)
        {
            ScratchDir.delete(dir);
            throw ex;
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
        transmitter = new BroadcastTransmitter(buffer);
        receiver = new CopyBroadcastReceiver(new BroadcastReceiver(buffer));
    }

    /**
     * Returns the transmitter.
     *
     * @return the transmitter.
     */
    public BroadcastTransmitter transmitter()
    {
        return transmitter;
    }

    /**
     * Returns the receiver, joined before the first message.
     *
     * @return the receiver.
     */
    public CopyBroadcastReceiver receiver()
    {
        return receiver;
    }

    /** Unmaps the buffer and deletes its file. */
    @Override
    public void close()
    {
        try
        {
            IoUtil.unmap(mapped);
        }
        finally
        {
            ScratchDir.delete(dir);
        }
    }
}
