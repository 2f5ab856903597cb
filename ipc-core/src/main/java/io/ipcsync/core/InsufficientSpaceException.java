package io.ipcsync.core;

import java.nio.file.Path;

/**
 * The file system holding the channel directory has too little free space for a new channel
 * file. Raised when the file is created, never later as a {@code SIGBUS}.
 */
public final class InsufficientSpaceException extends ChannelFileException
{
    private static final long serialVersionUID = 1L;

    private final long bytesNeeded;
    private final long bytesFree;

    /**
     * Creates the exception with a message that names the space needed and free.
     *
     * @param file        the channel file that could not be created.
     * @param bytesNeeded the size of the file.
     * @param bytesFree   the free space seen in its directory, or -1 if unknown.
     * @param cause       the I/O failure, or null when the free-space check refused first.
     */
    public InsufficientSpaceException(
        final Path file, final long bytesNeeded, final long bytesFree, final Throwable cause)
    {
        super(file, "not enough space in " + file.getParent() + " to create the channel: needs " + bytesNeeded +
            " bytes, " + (bytesFree < 0 ? "free space unknown" : bytesFree + " bytes free") +
            " (a Docker container's /dev/shm is 64 MiB unless started with --shm-size; " +
            "choose a smaller capacity or another directory)", cause);
        this.bytesNeeded = bytesNeeded;
        this.bytesFree = bytesFree;
    }

    /**
     * Returns the size of the file that could not be created.
     *
     * @return the size of the file that could not be created.
     */
    public long bytesNeeded()
    {
        return bytesNeeded;
    }

    /**
     * Returns the free space seen in the directory, or -1 if unknown.
     *
     * @return the free space seen in the directory, or -1 if unknown.
     */
    public long bytesFree()
    {
        return bytesFree;
    }
}
