package io.ipcsync.affinity;

/**
 * Thrown when the kernel refuses an affinity call, for example {@code EINVAL} from
 * {@code sched_setaffinity} for a CPU that is offline, does not exist or is outside the
 * process's cpuset, or {@code EPERM} when changing another thread's mask without the right.
 * It carries the {@code errno} value, its symbolic name and its {@code strerror} text.
 */
public final class NativeAffinityException extends AffinityException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;
    private final String errnoName;
    private final String errnoText;

    /**
     * An exception for a failed native call.
     *
     * @param call      the call and its arguments, for example {@code sched_setaffinity(0, cpus 4095)}.
     * @param errno     the {@code errno} value.
     * @param errnoName the symbolic name, for example {@code EINVAL}.
     * @param errnoText the {@code strerror} text, for example {@code Invalid argument}.
     * @param cause     the JNA exception, or {@code null}.
     */
    public NativeAffinityException(
        final String call, final int errno, final String errnoName, final String errnoText, final Throwable cause) {
        super(call + " failed: errno " + errno + " (" + errnoName + ": " + errnoText + ")", cause);
        this.call = call;
        this.errno = errno;
        this.errnoName = errnoName;
        this.errnoText = errnoText;
    }

    /**
     * The native call that failed, with its arguments.
     *
     * @return for example {@code sched_setaffinity(0, cpus 4095)}.
     */
    public String call() {
        return call;
    }

    /**
     * The {@code errno} the call left.
     *
     * @return for example 22.
     */
    public int errno() {
        return errno;
    }

    /**
     * The symbolic name of {@link #errno()}.
     *
     * @return for example {@code EINVAL}, or {@code errno 123} when the name is not known.
     */
    public String errnoName() {
        return errnoName;
    }

    /**
     * The C library's description of {@link #errno()} ({@code strerror}).
     *
     * @return for example {@code Invalid argument}.
     */
    public String errnoText() {
        return errnoText;
    }
}
