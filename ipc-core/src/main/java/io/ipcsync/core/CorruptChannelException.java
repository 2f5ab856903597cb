package io.ipcsync.core;

import java.nio.file.Path;

/**
 * A value read from inside a live ring is impossible: a record length out of range, a record
 * that runs past the end of the ring. The channel cannot be read safely any more; nothing is
 * read out of bounds. The message names the file, the position and the value.
 */
public final class CorruptChannelException extends ChannelFileException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file    the channel file.
     * @param message what was found where.
     */
    public CorruptChannelException(final Path file, final String message)
    {
        super(file, message);
    }
}
