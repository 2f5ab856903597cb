package io.ipcsync.core;

import java.nio.file.Path;

/**
 * A channel file or its directory cannot be used: wrong magic, unknown version, truncated,
 * a header value out of range, the wrong mode, a half-created file, a directory with the wrong
 * owner or permissions. The message names the file, the field and the value found.
 */
public class ChannelFileException extends IpcsyncException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates the exception.
     *
     * @param file    the file or directory at fault.
     * @param message what is wrong with it; the path is prefixed to it.
     */
    public ChannelFileException(final Path file, final String message)
    {
        super(file + ": " + message);
        this.file = file;
    }

    /**
     * Creates the exception.
     *
     * @param file    the file or directory at fault.
     * @param message what is wrong with it; the path is prefixed to it.
     * @param cause   the underlying failure.
     */
    public ChannelFileException(final Path file, final String message, final Throwable cause)
    {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /**
     * Returns the file or directory at fault.
     *
     * @return the file or directory at fault.
     */
    public Path file()
    {
        return file;
    }
}
