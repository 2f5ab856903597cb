package io.ipcsync.affinity;

/**
 * Thrown when an affinity operation cannot do what it was asked: affinity is unavailable on
 * this platform and the caller asked for {@link AffinityMode#STRICT}, a topology file cannot be
 * read or parsed, or the lock directory is unusable. The message names the file, the field and
 * the value involved.
 *
 * @see NativeAffinityException
 * @see NoCpuAvailableException
 */
public class AffinityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message what failed and why.
     */
    public AffinityException(final String message) {
        super(message);
    }

    /**
     * An exception with a message and a cause.
     *
     * @param message what failed and why.
     * @param cause   the underlying failure.
     */
    public AffinityException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
