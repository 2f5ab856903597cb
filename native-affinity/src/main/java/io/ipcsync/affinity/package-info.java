/**
 * CPU affinity for ipcsync: the machine's CPU topology, pinning threads to CPUs, and reserving
 * CPUs so that no two threads or processes end up on the same one.
 *
 * <ul>
 *   <li>{@link io.ipcsync.affinity.CpuTopology} reads {@code /sys/devices/system/cpu}: online,
 *       isolated and offline CPUs, physical cores with their hyper-thread siblings, sockets, and
 *       the process's startup affinity mask. {@link io.ipcsync.affinity.CpuSet} is a set of CPUs
 *       in the kernel's list syntax ({@code 0-3,8}).</li>
 *   <li>{@link io.ipcsync.affinity.Affinity} pins the calling thread ({@code sched_setaffinity})
 *       and reads its mask, its current CPU and its kernel thread id, through JNA.</li>
 *   <li>{@link io.ipcsync.affinity.CpuReserver} hands out
 *       {@link io.ipcsync.affinity.CpuReservation}s (try-with-resources) by
 *       {@link io.ipcsync.affinity.ReservationStrategy}, backed by one advisory-locked file per
 *       CPU in a per-user directory; the kernel releases a dead process's locks.</li>
 *   <li>{@link io.ipcsync.affinity.AffinityThreadFactory} is the hook for the rest of the
 *       library: threads that start pinned, for example Agrona agent runners.</li>
 * </ul>
 *
 * <p><b>Where it cannot work.</b> Native calls exist on Linux only. Elsewhere, or when JNA cannot
 * load, {@link io.ipcsync.affinity.Affinity#isAvailable()} is {@code false} and
 * {@link io.ipcsync.affinity.Affinity#unavailableReason()} says why; each call is then a
 * documented no-op or an {@link io.ipcsync.affinity.AffinityException}, as the caller's
 * {@link io.ipcsync.affinity.AffinityMode} chooses. Reservations are plain Java and work
 * everywhere. No {@code UnsatisfiedLinkError} or {@code NoClassDefFoundError} ever reaches a caller.
 *
 * <p><b>Configuration.</b> System properties: {@code ipcsync.affinity.mode}
 * ({@code strict} | {@code best_effort}, default {@code best_effort}),
 * {@code ipcsync.affinity.lockDir} (default {@code /dev/shm/ipcsync-<user>/cpu-locks}),
 * {@code ipcsync.affinity.disable} ({@code true} turns native calls off). On JDK 22 and later
 * JNA prints a restricted-method warning unless the JVM runs with
 * {@code --enable-native-access=ALL-UNNAMED}; nothing else is needed.
 *
 * <p>The platform code sits behind a package-private interface with one Linux implementation
 * and a null fallback, chosen once by a probe, in the manner of OpenHFT's Java-Thread-Affinity.
 */
package io.ipcsync.affinity;
