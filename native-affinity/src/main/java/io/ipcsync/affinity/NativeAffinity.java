package io.ipcsync.affinity;

/**
 * The platform half of affinity: one implementation per operating system
 * ({@link LinuxNativeAffinity}) and a null fallback ({@link NullNativeAffinity}) that says why
 * it is used. {@link Affinity} adds the {@link AffinityMode} policy on top, so implementations
 * simply throw.
 *
 * <p>Every method acts on the calling thread.
 */
interface NativeAffinity {
    /**
     * Whether the calls below can work.
     *
     * @return {@code true} if this is a working platform implementation.
     */
    boolean isAvailable();

    /**
     * Why {@link #isAvailable()} is false.
     *
     * @return the reason, or {@code null} when available.
     */
    String unavailableReason();

    /**
     * Sets the calling thread's affinity mask ({@code sched_setaffinity(0, ...)}).
     *
     * @param cpus the CPUs the thread may run on, not empty.
     * @throws NativeAffinityException if the kernel refuses.
     * @throws AffinityException        if unavailable.
     */
    void setAffinity(CpuSet cpus);

    /**
     * The calling thread's affinity mask ({@code sched_getaffinity(0, ...)}).
     *
     * @return the CPUs the thread may run on.
     * @throws NativeAffinityException if the kernel refuses.
     * @throws AffinityException        if unavailable.
     */
    CpuSet affinity();

    /**
     * The CPU the calling thread runs on at this instant ({@code sched_getcpu()}).
     *
     * @return the CPU number.
     * @throws NativeAffinityException if the call fails.
     * @throws AffinityException        if unavailable.
     */
    int currentCpu();

    /**
     * The kernel thread id of the calling thread ({@code gettid()}), as seen in
     * {@code /proc/self/task/<tid>}.
     *
     * @return the thread id.
     * @throws AffinityException if unavailable.
     */
    int threadId();
}
