package io.ipcsync.channels;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Test-only progress of reading processes, in a small mapped file apart from the channel: one
 * 128-byte slot per reader holding the sequence it expects next ({@link #ABSENT} until it has
 * joined). Broadcast tests pace their producer by the slowest subscriber (the library's producer
 * never waits); the consumer restart tests read where a killed consumer had got to.
 */
final class SequenceSlots implements AutoCloseable
{
    /** A slot's value before its reader joined. */
    static final long ABSENT = -1;
    /** A slot's value once the test gave up on its reader (killed): it holds no one back. */
    static final long GONE = Long.MAX_VALUE;

    private static final int SLOT_LENGTH = 128;

    private final MappedByteBuffer mapping;
    private final AtomicBuffer slots;
    private final int count;

    private SequenceSlots(final MappedByteBuffer mapping, final int count)
    {
        this.mapping = mapping;
        this.slots = new UnsafeBuffer(mapping);
        this.count = count;
    }

    /** Creates the file with every slot {@link #ABSENT}. */
    static SequenceSlots create(final Path path, final int count)
    {
        final SequenceSlots pacing = new SequenceSlots(IoUtil.mapNewFile(path.toFile(), (long)count * SLOT_LENGTH), count);
        for (int slot = 0; slot < count; slot++)
        {
            pacing.set(slot, ABSENT);
        }
        return pacing;
    }

    /** Maps a file made by {@link #create}. */
    static SequenceSlots open(final Path path)
    {
        final File file = path.toFile();
        return new SequenceSlots(IoUtil.mapExistingFile(file, "pacing"), (int)(file.length() / SLOT_LENGTH));
    }

    long get(final int slot)
    {
        return slots.getLongVolatile(slot * SLOT_LENGTH);
    }

    void set(final int slot, final long value)
    {
        slots.putLongRelease(slot * SLOT_LENGTH, value);
    }

    int count()
    {
        return count;
    }

    /** Returns the smallest value among the first {@code paced} slots. */
    long slowest(final int paced)
    {
        long slowest = GONE;
        for (int slot = 0; slot < paced; slot++)
        {
            slowest = Math.min(slowest, get(slot));
        }
        return slowest;
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapping);
    }
}
