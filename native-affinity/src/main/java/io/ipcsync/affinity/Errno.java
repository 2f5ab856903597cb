package io.ipcsync.affinity;

/** Names of the errno values affinity calls can return; the numbers are the same on every Linux architecture. */
final class Errno {
    static final int EPERM = 1;
    static final int ESRCH = 3;
    static final int EFAULT = 14;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;

    private Errno() {
    }

    static String name(final int errno) {
        switch (errno) {
            case EPERM:
                return "EPERM";
            case ESRCH:
                return "ESRCH";
            case EFAULT:
                return "EFAULT";
            case EINVAL:
                return "EINVAL";
            case ENOSYS:
                return "ENOSYS";
            default:
                return "errno " + errno;
        }
    }
}
