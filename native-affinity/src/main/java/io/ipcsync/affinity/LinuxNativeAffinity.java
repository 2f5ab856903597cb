package io.ipcsync.affinity;

import com.sun.jna.Function;
import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

import java.nio.ByteOrder;
import java.util.BitSet;

/**
 * Linux affinity through JNA: {@code sched_setaffinity}, {@code sched_getaffinity},
 * {@code sched_getcpu} and {@code gettid}. The constructor makes one call of each so that a
 * broken installation fails here, inside {@link NativeAffinities}' probe, and not later in a
 * user's thread.
 */
final class LinuxNativeAffinity implements NativeAffinity {
    /** {@code sizeof(cpu_set_t)} in glibc: 1024 CPUs. */
    private static final int MIN_MASK_BYTES = 128;
    private static final int MAX_MASK_BYTES = (CpuSet.MAX_CPU + 1) / 8;

    private final int wordBytes = Native.LONG_SIZE;
    private final boolean bigEndian = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;
    /** Grown when the kernel says a mask is too short ({@code nr_cpu_ids} above 1024). */
    private volatile int readMaskBytes = MIN_MASK_BYTES;
    /** {@code gettid()} from glibc 2.30 on, else {@code null} and {@code syscall(SYS_gettid)}. */
    private final Function gettid;
    private final Function syscall;
    private final long sysGettid;

    LinuxNativeAffinity() {
        final NativeLibrary libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
        gettid = findFunction(libc, "gettid");
        syscall = gettid == null ? libc.getFunction("syscall") : null;
        sysGettid = sysGettid(Platform.ARCH);
        if (gettid == null && sysGettid < 0) {
            throw new UnsatisfiedLinkError("no gettid() in libc and SYS_gettid is not known for architecture " + Platform.ARCH);
        }
        affinity();
        currentCpu();
        threadId();
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public void setAffinity(final CpuSet cpus) {
        final int bytes = Math.max(MIN_MASK_BYTES, roundUp(cpus.last() / 8 + 1, wordBytes));
        final byte[] mask = new byte[bytes];
        cpus.stream().forEach(cpu -> mask[byteIndex(cpu)] |= (byte) (1 << (cpu & 7)));
        try {
            LinuxCLibrary.sched_setaffinity(0, new NativeLong(bytes), mask);
        } catch (final LastErrorException e) {
            throw failure("sched_setaffinity(0, cpus " + cpus + ")", e);
        }
    }

    @Override
    public CpuSet affinity() {
        int bytes = readMaskBytes;
        while (true) {
            final byte[] mask = new byte[bytes];
            try {
                LinuxCLibrary.sched_getaffinity(0, new NativeLong(bytes), mask);
                return decode(mask);
            } catch (final LastErrorException e) {
                // EINVAL: the mask is shorter than the kernel's nr_cpu_ids; try a longer one.
                if (e.getErrorCode() != Errno.EINVAL || bytes >= MAX_MASK_BYTES) {
                    throw failure("sched_getaffinity(0, " + bytes + " bytes)", e);
                }
                bytes *= 2;
                readMaskBytes = bytes;
            }
        }
    }

    @Override
    public int currentCpu() {
        try {
            return LinuxCLibrary.sched_getcpu();
        } catch (final LastErrorException e) {
            throw failure("sched_getcpu()", e);
        }
    }

    @Override
    public int threadId() {
        if (gettid != null) {
            return gettid.invokeInt(new Object[0]);
        }
        final int tid = syscall.invokeInt(new Object[] {new NativeLong(sysGettid)});
        if (tid < 0) {
            final int errno = Native.getLastError();
            throw new NativeAffinityException("syscall(SYS_gettid=" + sysGettid + ")", errno, Errno.name(errno), strerror(errno), null);
        }
        return tid;
    }

    private CpuSet decode(final byte[] mask) {
        final BitSet bits = new BitSet(mask.length * 8);
        for (int cpu = 0; cpu < mask.length * 8; cpu++) {
            if ((mask[byteIndex(cpu)] & (1 << (cpu & 7))) != 0) {
                bits.set(cpu);
            }
        }
        return CpuSet.fromBitSet(bits);
    }

    /** The mask is an array of C {@code unsigned long}: bit {@code cpu} lives in word {@code cpu / bitsPerWord}. */
    private int byteIndex(final int cpu) {
        final int bitsPerWord = wordBytes * 8;
        final int word = cpu / bitsPerWord;
        final int byteInWord = (cpu % bitsPerWord) / 8;
        return word * wordBytes + (bigEndian ? wordBytes - 1 - byteInWord : byteInWord);
    }

    private static NativeAffinityException failure(final String call, final LastErrorException e) {
        final int errno = e.getErrorCode();
        return new NativeAffinityException(call, errno, Errno.name(errno), strerror(errno), e);
    }

    private static String strerror(final int errno) {
        try {
            return LinuxCLibrary.strerror(errno);
        } catch (final RuntimeException | LinkageError e) {
            return "no description";
        }
    }

    private static Function findFunction(final NativeLibrary library, final String name) {
        try {
            return library.getFunction(name);
        } catch (final UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** {@code SYS_gettid} per architecture, from the kernel's syscall tables; -1 when not known. */
    private static long sysGettid(final String arch) {
        switch (arch) {
            case "x86-64":
                return 186;
            case "x86":
            case "arm":
                return 224;
            case "aarch64":
            case "riscv64":
            case "loongarch64":
                return 178;
            case "ppc":
            case "ppc64":
            case "ppc64le":
                return 207;
            case "s390x":
                return 236;
            default:
                return -1;
        }
    }

    private static int roundUp(final int value, final int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
