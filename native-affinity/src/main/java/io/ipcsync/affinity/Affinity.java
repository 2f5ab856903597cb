package io.ipcsync.affinity;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pins the calling thread to CPUs and reads where it runs. On Linux this calls
 * {@code sched_setaffinity}, {@code sched_getaffinity}, {@code sched_getcpu} and {@code gettid}
 * through JNA; everywhere else (macOS, Windows, JNA missing or not allowed to load native code)
 * {@link #isAvailable()} is {@code false}, {@link #unavailableReason()} says why, and each call
 * follows its {@link AffinityMode}: a documented no-op ({@link AffinityMode#BEST_EFFORT}) or an
 * {@link AffinityException} ({@link AffinityMode#STRICT}). No call ever lets a linkage error
 * such as {@link UnsatisfiedLinkError} reach the caller.
 *
 * <pre>{@code
 * Affinity.pin(3, AffinityMode.STRICT);          // this thread now runs on CPU 3 only
 * int cpu = Affinity.currentCpu();               // 3
 * Affinity.unpin();                              // back to the process's startup mask
 * }</pre>
 *
 * <p>Pinning changes only the calling thread; a thread started afterwards inherits the mask of
 * the thread that started it. To give each thread a CPU of its own that no other thread or
 * process will take, use {@link CpuReserver} or {@link AffinityThreadFactory}.
 *
 * <p>On JDK 22 and later, loading JNA prints a warning about a restricted method unless the JVM
 * runs with {@code --enable-native-access=ALL-UNNAMED}; affinity works either way.
 *
 * <p>All methods are thread-safe.
 */
public final class Affinity {
    /**
     * System property selecting {@link #defaultMode()}: {@code strict} or {@code best_effort}
     * (case-insensitive).
     */
    public static final String MODE_PROPERTY = "ipcsync.affinity.mode";

    /**
     * System property that, when {@code true}, turns native affinity off as if the platform
     * lacked it; reservations still work.
     */
    public static final String DISABLE_PROPERTY = "ipcsync.affinity.disable";

    private static final System.Logger LOG = System.getLogger("io.ipcsync.affinity");
    private static final AtomicBoolean WARNED_UNAVAILABLE = new AtomicBoolean();

    private Affinity() {
    }

    /**
     * Whether thread affinity works here: Linux, and JNA loaded and answered a probe call.
     *
     * @return {@code true} if pinning can work.
     */
    public static boolean isAvailable() {
        return NativeAffinities.LOADED;
    }

    /**
     * Why affinity is unavailable, for example {@code thread affinity is only implemented on
     * Linux; this is Mac OS X}.
     *
     * @return the reason, or empty when {@link #isAvailable()} is {@code true}.
     */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(NativeAffinities.INSTANCE.unavailableReason());
    }

    /**
     * The mode used by the methods that take none: the system property {@value #MODE_PROPERTY},
     * else {@link AffinityMode#BEST_EFFORT}.
     *
     * @return the default mode.
     * @throws IllegalArgumentException if the property holds something other than {@code strict}
     *                                  or {@code best_effort}.
     */
    public static AffinityMode defaultMode() {
        final String value = System.getProperty(MODE_PROPERTY);
        if (value == null || value.isBlank()) {
            return AffinityMode.BEST_EFFORT;
        }
        try {
            return AffinityMode.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("System property " + MODE_PROPERTY + "=\"" + value
                + "\" is not an affinity mode; use strict or best_effort", e);
        }
    }

    /**
     * Pins the calling thread to one CPU, in the {@link #defaultMode()}.
     *
     * @param cpu the CPU, from 0 to {@link CpuSet#MAX_CPU}.
     * @return {@code true} if the thread is now pinned, {@code false} if the call was a no-op.
     * @throws IllegalArgumentException if {@code cpu} is out of range.
     * @throws AffinityException        in {@link AffinityMode#STRICT} when pinning fails.
     */
    public static boolean pin(final int cpu) {
        return pin(CpuSet.of(cpu), defaultMode());
    }

    /**
     * Pins the calling thread to one CPU.
     *
     * @param cpu  the CPU, from 0 to {@link CpuSet#MAX_CPU}.
     * @param mode what to do when pinning cannot work.
     * @return {@code true} if the thread is now pinned, {@code false} if the call was a
     *         {@link AffinityMode#BEST_EFFORT} no-op.
     * @throws IllegalArgumentException if {@code cpu} is out of range.
     * @throws NativeAffinityException  in {@link AffinityMode#STRICT} when the kernel refuses, for
     *                                  example {@code EINVAL} for an offline CPU or one outside the cpuset.
     * @throws AffinityException        in {@link AffinityMode#STRICT} when affinity is unavailable.
     */
    public static boolean pin(final int cpu, final AffinityMode mode) {
        return pin(CpuSet.of(cpu), mode);
    }

    /**
     * Restricts the calling thread to a set of CPUs, in the {@link #defaultMode()}.
     *
     * @param cpus the CPUs, not empty.
     * @return {@code true} if the mask was set, {@code false} if the call was a no-op.
     * @throws IllegalArgumentException if {@code cpus} is empty.
     * @throws AffinityException        in {@link AffinityMode#STRICT} when pinning fails.
     */
    public static boolean pin(final CpuSet cpus) {
        return pin(cpus, defaultMode());
    }

    /**
     * Restricts the calling thread to a set of CPUs ({@code sched_setaffinity(0, ...)}).
     *
     * @param cpus the CPUs, not empty.
     * @param mode what to do when pinning cannot work.
     * @return {@code true} if the mask was set, {@code false} if the call was a
     *         {@link AffinityMode#BEST_EFFORT} no-op.
     * @throws IllegalArgumentException if {@code cpus} is empty.
     * @throws NativeAffinityException  in {@link AffinityMode#STRICT} when the kernel refuses.
     * @throws AffinityException        in {@link AffinityMode#STRICT} when affinity is unavailable.
     */
    public static boolean pin(final CpuSet cpus, final AffinityMode mode) {
        return pin(NativeAffinities.INSTANCE, cpus, mode);
    }

    /**
     * Gives the calling thread back the process's startup affinity mask
     * ({@link CpuTopology#processStartupAffinity()}), in the {@link #defaultMode()}.
     *
     * @return {@code true} if the mask was set, {@code false} if the call was a no-op.
     * @throws AffinityException in {@link AffinityMode#STRICT} when it fails.
     */
    public static boolean unpin() {
        return unpin(defaultMode());
    }

    /**
     * Gives the calling thread back the process's startup affinity mask
     * ({@link CpuTopology#processStartupAffinity()}).
     *
     * @param mode what to do when it cannot work.
     * @return {@code true} if the mask was set, {@code false} if the call was a
     *         {@link AffinityMode#BEST_EFFORT} no-op.
     * @throws AffinityException in {@link AffinityMode#STRICT} when it fails.
     */
    public static boolean unpin(final AffinityMode mode) {
        final NativeAffinity platform = NativeAffinities.INSTANCE;
        if (!platform.isAvailable()) {
            return fail(platform, mode,
                new AffinityException("Cannot unpin: CPU affinity is unavailable: " + platform.unavailableReason()), Boolean.FALSE);
        }
        final CpuSet startup = CpuTopology.processStartupAffinity();
        return pin(platform, startup.isEmpty() ? CpuTopology.current().online() : startup, mode);
    }

    /**
     * The calling thread's affinity mask, in the {@link #defaultMode()}.
     *
     * @return the CPUs the thread may run on, or the empty set if the call was a no-op.
     * @throws AffinityException in {@link AffinityMode#STRICT} when it fails.
     */
    public static CpuSet currentAffinity() {
        return currentAffinity(defaultMode());
    }

    /**
     * The calling thread's affinity mask ({@code sched_getaffinity(0, ...)}).
     *
     * @param mode what to do when it cannot work.
     * @return the CPUs the thread may run on, or the empty set if the call was a
     *         {@link AffinityMode#BEST_EFFORT} no-op.
     * @throws AffinityException in {@link AffinityMode#STRICT} when it fails.
     */
    public static CpuSet currentAffinity(final AffinityMode mode) {
        return currentAffinity(NativeAffinities.INSTANCE, mode);
    }

    /**
     * The CPU the calling thread runs on at this instant, in the {@link #defaultMode()}.
     *
     * @return the CPU, or -1 if the call was a no-op.
     * @throws AffinityException in {@link AffinityMode#STRICT} when it fails.
     */
    public static int currentCpu() {
        return currentCpu(defaultMode());
    }

    /**
     * The CPU the calling thread runs on at this instant ({@code sched_getcpu()}). Unless the
     * thread is pinned to one CPU, the answer may be stale as soon as it returns.
     *
     * @param mode what to do when it cannot work.
     * @return the CPU, or -1 if the call was a {@link AffinityMode#BEST_EFFORT} no-op.
     * @throws AffinityException in {@link AffinityMode#STRICT} when it fails.
     */
    public static int currentCpu(final AffinityMode mode) {
        return currentCpu(NativeAffinities.INSTANCE, mode);
    }

    /**
     * The kernel's id of the calling thread ({@code gettid()}), as in
     * {@code /proc/self/task/<tid>} and in {@code top -H}, in the {@link #defaultMode()}.
     *
     * @return the thread id, or -1 if the call was a no-op.
     * @throws AffinityException in {@link AffinityMode#STRICT} when it fails.
     */
    public static int threadId() {
        return threadId(defaultMode());
    }

    /**
     * The kernel's id of the calling thread ({@code gettid()}), as in
     * {@code /proc/self/task/<tid>} and in {@code top -H}.
     *
     * @param mode what to do when it cannot work.
     * @return the thread id, or -1 if the call was a {@link AffinityMode#BEST_EFFORT} no-op.
     * @throws AffinityException in {@link AffinityMode#STRICT} when it fails.
     */
    public static int threadId(final AffinityMode mode) {
        return threadId(NativeAffinities.INSTANCE, mode);
    }

    static boolean pin(final NativeAffinity platform, final CpuSet cpus, final AffinityMode mode) {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("Cannot pin a thread to an empty set of CPUs");
        }
        try {
            platform.setAffinity(cpus);
            return true;
        } catch (final AffinityException e) {
            return fail(platform, mode, e, Boolean.FALSE);
        }
    }

    static CpuSet currentAffinity(final NativeAffinity platform, final AffinityMode mode) {
        try {
            return platform.affinity();
        } catch (final AffinityException e) {
            return fail(platform, mode, e, CpuSet.empty());
        }
    }

    static int currentCpu(final NativeAffinity platform, final AffinityMode mode) {
        try {
            return platform.currentCpu();
        } catch (final AffinityException e) {
            return fail(platform, mode, e, -1);
        }
    }

    static int threadId(final NativeAffinity platform, final AffinityMode mode) {
        try {
            return platform.threadId();
        } catch (final AffinityException e) {
            return fail(platform, mode, e, -1);
        }
    }

    private static <T> T fail(final NativeAffinity platform, final AffinityMode mode, final AffinityException e, final T noOp) {
        if (mode == AffinityMode.STRICT) {
            throw e;
        }
        if (platform.isAvailable()) {
            LOG.log(System.Logger.Level.WARNING, "Ignored (affinity mode BEST_EFFORT): " + e.getMessage());
        } else if (WARNED_UNAVAILABLE.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "CPU affinity calls are no-ops (affinity mode BEST_EFFORT): "
                + platform.unavailableReason());
        }
        return noOp;
    }
}
