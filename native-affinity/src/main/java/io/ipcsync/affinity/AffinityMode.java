package io.ipcsync.affinity;

/**
 * What an affinity call does where it cannot work: on a platform other than Linux, when JNA
 * cannot load, or when the kernel refuses (a cpuset that forbids the CPU, an offline CPU, a
 * missing permission).
 *
 * <p>The default for calls that do not take a mode is {@link Affinity#defaultMode()}: the
 * system property {@value Affinity#MODE_PROPERTY} ({@code strict} or {@code best_effort}), else
 * {@link #BEST_EFFORT}, so that an application written for a Linux server still runs unpinned
 * on a developer's laptop.
 */
public enum AffinityMode {
    /**
     * Throw: {@link AffinityException} when affinity is unavailable,
     * {@link NativeAffinityException} (with errno and its text) when the kernel refuses.
     */
    STRICT,

    /**
     * Do nothing and say so: {@code pin} returns {@code false}, {@code currentCpu} returns -1,
     * {@code currentAffinity} returns the empty set, and a warning goes to the
     * {@link System.Logger} {@code io.ipcsync.affinity}: once per JVM when the platform lacks
     * affinity, every time the kernel refuses a call. Arguments that can never be
     * valid (a negative CPU, an empty set) still throw {@link IllegalArgumentException}.
     */
    BEST_EFFORT
}
