package io.ipcsync.bench.select;

import io.ipcsync.bench.ScratchDir;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The hand-written loop's side of the select workload: N Agrona {@link OneToOneRingBuffer}s of
 * {@link SelectWorkload#RING_BYTES}, each in a file mapped from a scratch directory under
 * {@code /dev/shm}, for {@link AgronaPollLoopThroughput} and the select race
 * ({@code InterleavedRace --mode select}).
 */
public final class AgronaSelectRings implements AutoCloseable
{
    private final Path dir;
    private final MappedByteBuffer[] mapped;
    private final OneToOneRingBuffer[] rings;

    /**
     * Creates and maps the ring files.
     *
     * @param what     names the scratch directory.
     * @param channels how many rings.
     */
    public AgronaSelectRings(final String what, final int channels)
    {
        dir = ScratchDir.create(what);
        mapped = new MappedByteBuffer[channels];
        rings = new OneToOneRingBuffer[channels];
        try
        {
            for (int channel = 0; channel < channels; channel++)
            {
                mapped[channel] = IoUtil.mapNewFile(
                    dir.resolve("ring-" + channel).toFile(), SelectWorkload.RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH);
                rings[channel] = new OneToOneRingBuffer(new UnsafeBuffer(mapped[channel]));
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Returns the rings, by channel index: the array itself, for the benchmarks' hot loops.
     *
     * @return the rings, by channel index.
     */
    public OneToOneRingBuffer[] rings()
    {
        return rings;
    }

    /** Unmaps the rings and deletes their files. */
    @Override
    public void close()
    {
        try
        {
            for (final MappedByteBuffer buffer : mapped)
            {
                if (buffer != null)
                {
                    IoUtil.unmap(buffer);
                }
            }
        }
        finally
        {
            ScratchDir.delete(dir);
        }
    }
}
