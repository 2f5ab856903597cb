package io.ipcsync.channels;

import io.ipcsync.core.ChannelFile;

/**
 * One side of a channel that owns its mapped file: closing gives up its side of the ring, then
 * unmaps the file, also when giving up the side failed; closing twice does nothing.
 */
abstract class FileOwningChannel implements AutoCloseable
{
    final ChannelFile file;

    FileOwningChannel(final ChannelFile file)
    {
        this.file = file;
    }

    /** Gives up this side of the ring; called once, before the file is unmapped. */
    abstract void closeRing();

    @Override
    public void close()
    {
        if (!file.isClosed())
        {
            try
            {
                closeRing();
            }
            finally
            {
                file.close(); // even when giving up the ring failed: a file truncated under us faults there
            }
        }
    }

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "{" + file.path() + ", " + file.layout().mode() + "}";
    }
}
