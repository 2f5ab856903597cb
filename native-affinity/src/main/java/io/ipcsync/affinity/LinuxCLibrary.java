package io.ipcsync.affinity;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

/**
 * JNA direct mapping of the few libc functions affinity needs. Loading this class registers
 * the natives and throws {@link UnsatisfiedLinkError} when libc or a symbol is missing;
 * {@link NativeAffinities} catches that, so users never see it.
 */
final class LinuxCLibrary {
    static {
        Native.register(LinuxCLibrary.class, Platform.C_LIBRARY_NAME);
    }

    private LinuxCLibrary() {
    }

    /**
     * {@code int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask)}.
     *
     * @param pid        0 for the calling thread.
     * @param cpusetsize the mask length in bytes.
     * @param mask       the mask, in the layout of an array of C {@code unsigned long}.
     * @return 0.
     * @throws LastErrorException with errno on failure.
     */
    static native int sched_setaffinity(int pid, NativeLong cpusetsize, byte[] mask) throws LastErrorException;

    /**
     * {@code int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask)}.
     *
     * @param pid        0 for the calling thread.
     * @param cpusetsize the mask length in bytes.
     * @param mask       receives the mask.
     * @return 0.
     * @throws LastErrorException with errno on failure ({@code EINVAL} when the mask is too short).
     */
    static native int sched_getaffinity(int pid, NativeLong cpusetsize, byte[] mask) throws LastErrorException;

    /**
     * {@code int sched_getcpu(void)}.
     *
     * @return the CPU the calling thread runs on.
     * @throws LastErrorException with errno on failure.
     */
    static native int sched_getcpu() throws LastErrorException;

    /**
     * {@code char *strerror(int errnum)}.
     *
     * @param errnum an errno value.
     * @return its description.
     */
    static native String strerror(int errnum);
}
