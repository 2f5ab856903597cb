package io.ipcsync.core;

/**
 * The root of every exception ipcsync throws: broken state, misuse of a file, a peer that is gone.
 * Full and empty are never exceptions; they are return values.
 */
public class IpcsyncException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the file, the field and the value where there is one.
     */
    public IpcsyncException(final String message)
    {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong.
     * @param cause   the underlying failure.
     */
    public IpcsyncException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
