package io.ipcsync.channels;

import io.ipcsync.core.ChannelFile;

/**
 * One side of a channel that owns its mapped file: closing gives up its side of the ring, then
 * unmaps the file; closing twice does nothing.
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
            closeRing();
            file.close();
        }
    }

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "{" + file.path() + ", " + file.layout().mode() + "}";
    }
}
