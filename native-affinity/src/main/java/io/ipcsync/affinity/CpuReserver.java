package io.ipcsync.affinity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Hands out CPUs so that no two threads, in this process or any other of the same user, hold
 * the same one. Each CPU has a lock file {@code cpu-<n>.lock} in a per-user directory, held with
 * an advisory {@link FileChannel#tryLock()}: the kernel drops the lock when the holder's process
 * dies, however it dies, so a crashed process never leaves a CPU reserved. Inside one JVM a
 * JVM-wide table guards the same files, since a JVM cannot lock one file twice.
 *
 * <pre>{@code
 * CpuReserver reserver = CpuReserver.builder().pinOnReserve(true).build();
 * try (CpuReservation producer = reserver.reserve(ReservationStrategy.ANY)) {
 *     // this thread now runs alone on producer.cpu()
 *     try (CpuReservation consumer = reserver.tryReserve(ReservationStrategy.SAME_SOCKET, producer.cpu())
 *             .orElseThrow()) {
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p><b>Lock directory.</b> {@link #defaultLockDirectory()} is {@code /dev/shm/ipcsync-<user>/cpu-locks}
 * (the temp directory replaces {@code /dev/shm} where it is missing), unless the system property
 * {@value #LOCK_DIR_PROPERTY} or {@link Builder#lockDirectory(Path)} names another. It is created
 * with mode 0700 if absent; an existing one must be a real directory owned by this user with
 * mode 0700, otherwise building the reserver fails with the fix in the message. Lock files are
 * never deleted (deleting a lock file races with a process about to lock it); each holds the
 * pid and thread of its last holder, which error messages quote.
 *
 * <p><b>Which CPUs.</b> The candidates are the online CPUs that are in the process's startup
 * affinity mask or isolated ({@link CpuTopology}), minus CPU 0, which is left to the operating
 * system unless {@link Builder#allowCpu0(boolean)} says otherwise; {@link Builder#candidates(CpuSet)}
 * narrows them further. A cpuset that forbids a candidate is only noticed when pinning to it.
 * Among the CPUs a {@link ReservationStrategy} allows, isolated CPUs come first, then CPUs whose
 * physical core holds no other reservation of this JVM, then higher-numbered CPUs.
 *
 * <p>Reserving needs no native code: it works on every platform, and pinning follows the
 * reserver's {@link AffinityMode}. Instances are immutable and thread-safe.
 */
public final class CpuReserver {
    /** System property naming the lock directory, overriding {@link #defaultLockDirectory()}. */
    public static final String LOCK_DIR_PROPERTY = "ipcsync.affinity.lockDir";

    /** Lock file path to a description of its holder, for every lock this JVM holds or is taking. */
    private static final ConcurrentHashMap<String, String> HELD_IN_JVM = new ConcurrentHashMap<>();
    private static final int MAX_HOLDER_CHARS = 200;

    private final Path lockDirectory;
    private final CpuTopology topology;
    private final CpuSet candidates;
    private final List<String> excluded;
    private final boolean pinOnReserve;
    private final AffinityMode mode;

    private CpuReserver(final Builder builder) {
        final Path requested = builder.lockDirectory != null ? builder.lockDirectory : configuredLockDirectory();
        final boolean isDefault = builder.lockDirectory == null && System.getProperty(LOCK_DIR_PROPERTY) == null;
        this.lockDirectory = LockDirectory.prepare(requested, isDefault);
        this.topology = builder.topology != null ? builder.topology : CpuTopology.current();
        this.pinOnReserve = builder.pinOnReserve;
        this.mode = builder.mode != null ? builder.mode : Affinity.defaultMode();

        final CpuSet online = topology.online();
        final CpuSet allowed = online.intersect(topology.startupAffinity().union(topology.isolated()));
        CpuSet pool = allowed;
        final List<String> why = new ArrayList<>();
        if (builder.candidates != null) {
            pool = pool.intersect(builder.candidates);
            addExcluded(why, builder.candidates.minus(online), "not online");
            addExcluded(why, builder.candidates.intersect(online).minus(allowed),
                "outside the startup affinity mask " + topology.startupAffinity() + " and not isolated");
        } else {
            addExcluded(why, online.minus(allowed),
                "outside the startup affinity mask " + topology.startupAffinity() + " and not isolated");
        }
        if (!builder.allowCpu0 && pool.contains(0)) {
            pool = pool.without(0);
            why.add("CPU 0 (left to the operating system; allow it with allowCpu0(true))");
        }
        this.candidates = pool;
        this.excluded = List.copyOf(why);
    }

    /**
     * A reserver with every default: the default lock directory, this machine's topology, CPU 0
     * left out, no pinning on reserve, the {@link Affinity#defaultMode()}.
     *
     * @return the reserver.
     * @throws AffinityException if the lock directory cannot be created or fails its checks.
     */
    public static CpuReserver create() {
        return builder().build();
    }

    /**
     * A builder for a reserver with non-default settings.
     *
     * @return a new builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The lock directory used when none is given: the system property {@value #LOCK_DIR_PROPERTY},
     * else {@code /dev/shm/ipcsync-<user>/cpu-locks} (the temp directory replaces {@code /dev/shm}
     * where it is missing).
     *
     * @return the path; it may not exist yet.
     */
    public static Path defaultLockDirectory() {
        return configuredLockDirectory();
    }

    /**
     * Reserves a free CPU that {@code strategy} allows; {@link ReservationStrategy#ANY} needs no anchor.
     *
     * @param strategy which CPU may be given; must not {@linkplain ReservationStrategy#requiresAnchor() need an anchor}.
     * @return the reservation, to be closed when done.
     * @throws NoCpuAvailableException  if no allowed CPU is free, naming every CPU tried and its holder.
     * @throws IllegalArgumentException if the strategy needs an anchor.
     * @throws AffinityException        if a lock file cannot be opened, or pinning fails in
     *                                  {@link AffinityMode#STRICT} (the CPU is then released).
     */
    public CpuReservation reserve(final ReservationStrategy strategy) {
        return reserve(strategy, -1);
    }

    /**
     * Reserves a free CPU that {@code strategy} allows relative to {@code anchorCpu}.
     *
     * @param strategy  which CPU may be given.
     * @param anchorCpu an online CPU the strategy is relative to, typically that of another
     *                  reservation; ignored by {@link ReservationStrategy#ANY}, which also accepts -1.
     * @return the reservation, to be closed when done.
     * @throws NoCpuAvailableException  if no allowed CPU is free, naming every CPU tried and its holder.
     * @throws IllegalArgumentException if the strategy needs an anchor and {@code anchorCpu} is not online.
     * @throws AffinityException        if a lock file cannot be opened, or pinning fails in
     *                                  {@link AffinityMode#STRICT} (the CPU is then released).
     */
    public CpuReservation reserve(final ReservationStrategy strategy, final int anchorCpu) {
        return reserve(strategy, anchorCpu, pinOnReserve);
    }

    /**
     * Like {@link #reserve(ReservationStrategy)}, but empty instead of throwing when no CPU is free.
     *
     * @param strategy which CPU may be given; must not need an anchor.
     * @return the reservation, or empty if no allowed CPU is free.
     * @throws IllegalArgumentException if the strategy needs an anchor.
     * @throws AffinityException        if a lock file cannot be opened, or pinning fails in {@link AffinityMode#STRICT}.
     */
    public Optional<CpuReservation> tryReserve(final ReservationStrategy strategy) {
        return tryReserve(strategy, -1);
    }

    /**
     * Like {@link #reserve(ReservationStrategy, int)}, but empty instead of throwing when no CPU is free.
     *
     * @param strategy  which CPU may be given.
     * @param anchorCpu an online CPU the strategy is relative to; -1 for {@link ReservationStrategy#ANY}.
     * @return the reservation, or empty if no allowed CPU is free.
     * @throws IllegalArgumentException if the strategy needs an anchor and {@code anchorCpu} is not online.
     * @throws AffinityException        if a lock file cannot be opened, or pinning fails in {@link AffinityMode#STRICT}.
     */
    public Optional<CpuReservation> tryReserve(final ReservationStrategy strategy, final int anchorCpu) {
        return tryReserve(strategy, anchorCpu, pinOnReserve);
    }

    /**
     * Reserves one given CPU. An explicit request may name CPU 0 or any online CPU, candidate or not.
     *
     * @param cpu an online CPU.
     * @return the reservation, to be closed when done.
     * @throws NoCpuAvailableException  if the CPU is held, naming its holder.
     * @throws IllegalArgumentException if the CPU is not online.
     * @throws AffinityException        if the lock file cannot be opened, or pinning fails in {@link AffinityMode#STRICT}.
     */
    public CpuReservation reserveCpu(final int cpu) {
        return tryReserveCpu(cpu).orElseThrow(() -> new NoCpuAvailableException(
            "CPU " + cpu + " is not free in lock directory " + lockDirectory + ": " + holderOf(cpu)));
    }

    /**
     * Like {@link #reserveCpu(int)}, but empty instead of throwing when the CPU is held.
     *
     * @param cpu an online CPU.
     * @return the reservation, or empty if the CPU is held.
     * @throws IllegalArgumentException if the CPU is not online.
     * @throws AffinityException        if the lock file cannot be opened, or pinning fails in {@link AffinityMode#STRICT}.
     */
    public Optional<CpuReservation> tryReserveCpu(final int cpu) {
        if (!topology.online().contains(cpu)) {
            throw new IllegalArgumentException("Cannot reserve CPU " + cpu + ": it is not online (online: " + topology.online() + ")");
        }
        return Optional.ofNullable(tryLock(cpu)).map(r -> pinIfAsked(r, pinOnReserve));
    }

    /**
     * The lock directory, as a real (absolute, link-free) path.
     *
     * @return the directory holding {@code cpu-<n>.lock}.
     */
    public Path lockDirectory() {
        return lockDirectory;
    }

    /**
     * The topology CPUs are chosen from.
     *
     * @return the topology.
     */
    public CpuTopology topology() {
        return topology;
    }

    /**
     * The CPUs this reserver may give, before any strategy.
     *
     * @return the candidates, possibly empty.
     */
    public CpuSet candidates() {
        return candidates;
    }

    /**
     * Whether reserving also pins the calling thread to the CPU.
     *
     * @return the setting.
     */
    public boolean pinOnReserve() {
        return pinOnReserve;
    }

    /**
     * The mode for pinning.
     *
     * @return the mode.
     */
    public AffinityMode mode() {
        return mode;
    }

    /**
     * A one-line description with the directory and the candidates.
     *
     * @return the description.
     */
    @Override
    public String toString() {
        return "CpuReserver[lockDirectory=" + lockDirectory + ", candidates=" + candidates
            + ", pinOnReserve=" + pinOnReserve + ", mode=" + mode + "]";
    }

    CpuReservation reserve(final ReservationStrategy strategy, final int anchorCpu, final boolean pin) {
        final Attempt attempt = attempt(strategy, anchorCpu);
        if (attempt.reservation == null) {
            throw new NoCpuAvailableException(attempt.failure());
        }
        return pinIfAsked(attempt.reservation, pin);
    }

    Optional<CpuReservation> tryReserve(final ReservationStrategy strategy, final int anchorCpu, final boolean pin) {
        final Attempt attempt = attempt(strategy, anchorCpu);
        return Optional.ofNullable(attempt.reservation).map(r -> pinIfAsked(r, pin));
    }

    private CpuReservation pinIfAsked(final CpuReservation reservation, final boolean pin) {
        if (pin) {
            try {
                reservation.pinCurrentThread(mode);
            } catch (final RuntimeException e) {
                reservation.close();
                throw e;
            }
        }
        return reservation;
    }

    private Attempt attempt(final ReservationStrategy strategy, final int anchorCpu) {
        final int anchor = strategy.requiresAnchor() ? anchorCpu : -1;
        if (strategy.requiresAnchor() && !topology.online().contains(anchorCpu)) {
            throw new IllegalArgumentException("Strategy " + strategy + " needs an online anchor CPU, not "
                + anchorCpu + " (online: " + topology.online() + "); call reserve(" + strategy + ", cpu)");
        }
        final CpuSet allowed = strategy.allowed(topology, candidates, anchor);
        final Attempt attempt = new Attempt(strategy, anchor, allowed);
        for (final int cpu : preferenceOrder(allowed)) {
            final CpuReservation reservation = tryLock(cpu);
            if (reservation != null) {
                attempt.reservation = reservation;
                return attempt;
            }
            attempt.tried.add("CPU " + cpu + " (" + holderOf(cpu) + ")");
        }
        return attempt;
    }

    private List<Integer> preferenceOrder(final CpuSet allowed) {
        final Set<Integer> sharesCore = new HashSet<>();
        allowed.stream().forEach(cpu -> {
            if (topology.siblingsOf(cpu).without(cpu).stream().anyMatch(s -> HELD_IN_JVM.containsKey(lockKey(s)))) {
                sharesCore.add(cpu);
            }
        });
        final List<Integer> order = allowed.stream().boxed().collect(Collectors.toCollection(ArrayList::new));
        order.sort(Comparator
            .comparing((Integer cpu) -> !topology.isolated().contains(cpu))
            .thenComparing(sharesCore::contains)
            .thenComparing(Comparator.<Integer>reverseOrder()));
        return order;
    }

    private CpuReservation tryLock(final int cpu) {
        final Path file = lockFile(cpu);
        final String key = file.toString();
        final String holder = "this JVM (pid " + ProcessHandle.current().pid() + ", thread \""
            + Thread.currentThread().getName() + "\", since " + Instant.now() + ")";
        if (HELD_IN_JVM.putIfAbsent(key, holder) != null) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS), fileAttributes());
            final FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD_IN_JVM.remove(key);
                return null;
            }
            final byte[] text = ("pid " + ProcessHandle.current().pid() + ", thread \"" + Thread.currentThread().getName()
                + "\", since " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text), 0);
            return new CpuReservation(this, cpu, file, channel, lock);
        } catch (final OverlappingFileLockException e) {
            // Locked through another channel of this JVM that bypassed the table: treat as held.
            closeQuietly(channel);
            HELD_IN_JVM.remove(key);
            return null;
        } catch (final IOException | RuntimeException e) {
            closeQuietly(channel);
            HELD_IN_JVM.remove(key);
            throw new AffinityException("Cannot lock CPU " + cpu + " through " + file + ": " + e, e);
        }
    }

    void released(final Path file) {
        HELD_IN_JVM.remove(file.toString());
    }

    private String holderOf(final int cpu) {
        final String inJvm = HELD_IN_JVM.get(lockKey(cpu));
        if (inJvm != null) {
            return "held by " + inJvm;
        }
        try {
            final String text = Files.readString(lockFile(cpu), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "held by another process"
                : "held by " + (text.length() > MAX_HOLDER_CHARS ? text.substring(0, MAX_HOLDER_CHARS) + "..." : text);
        } catch (final IOException | RuntimeException e) {
            return "held by another process";
        }
    }

    private Path lockFile(final int cpu) {
        return lockDirectory.resolve("cpu-" + cpu + ".lock");
    }

    private String lockKey(final int cpu) {
        return lockFile(cpu).toString();
    }

    private static FileAttribute<?>[] fileAttributes() {
        return LockDirectory.posix()
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(LockDirectory.FILE_MODE)}
            : new FileAttribute<?>[0];
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ignored) {
                // Already failing; the first error is the one to report.
            }
        }
    }

    private static void addExcluded(final List<String> why, final CpuSet cpus, final String reason) {
        if (!cpus.isEmpty()) {
            why.add((cpus.size() == 1 ? "CPU " : "CPUs ") + cpus + " (" + reason + ")");
        }
    }

    private static Path configuredLockDirectory() {
        final String configured = System.getProperty(LOCK_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip());
        }
        return LockDirectory.defaultBase().resolve("cpu-locks");
    }

    /** The outcome of one pass over the allowed CPUs, with what a failure message needs. */
    private final class Attempt {
        final ReservationStrategy strategy;
        final int anchor;
        final CpuSet allowed;
        final List<String> tried = new ArrayList<>();
        CpuReservation reservation;

        Attempt(final ReservationStrategy strategy, final int anchor, final CpuSet allowed) {
            this.strategy = strategy;
            this.anchor = anchor;
            this.allowed = allowed;
        }

        private String relation() {
            switch (strategy) {
                case SAME_CORE:
                    return "a hyper-thread sibling (" + topology.siblingsOf(anchor) + ") of";
                case DIFFERENT_CORE:
                    return "on another core than";
                case SAME_SOCKET:
                    return "on the socket (" + topology.socketOf(anchor).map(CpuTopology.Socket::cpus).orElse(CpuSet.empty())
                        + ") of";
                default:
                    return "related to";
            }
        }

        String failure() {
            final StringBuilder out = new StringBuilder("No free CPU for strategy ").append(strategy);
            if (anchor >= 0) {
                out.append(" (anchor CPU ").append(anchor).append(')');
            }
            out.append(" in lock directory ").append(lockDirectory).append(": ");
            if (tried.isEmpty()) {
                out.append("no candidate fits (candidates: ").append(candidates.isEmpty() ? "none" : candidates.toString());
                if (anchor >= 0) {
                    out.append("; none is ").append(relation()).append(" CPU ").append(anchor);
                }
                out.append(')');
            } else {
                out.append("tried ").append(String.join(", ", tried));
            }
            if (!excluded.isEmpty()) {
                out.append("; not considered: ").append(String.join(", ", excluded));
            }
            return out.toString();
        }
    }

    /** Settings for a {@link CpuReserver}; every one has a default. Not thread-safe. */
    public static final class Builder {
        private Path lockDirectory;
        private CpuTopology topology;
        private CpuSet candidates;
        private boolean allowCpu0;
        private boolean pinOnReserve;
        private AffinityMode mode;

        private Builder() {
        }

        /**
         * The directory of lock files; it is created with mode 0700 if absent. All processes that
         * must not share CPUs have to use the same directory.
         *
         * @param directory the directory; default {@link CpuReserver#defaultLockDirectory()}.
         * @return this builder.
         */
        public Builder lockDirectory(final Path directory) {
            this.lockDirectory = directory;
            return this;
        }

        /**
         * The topology to choose CPUs from.
         *
         * @param topology the topology; default {@link CpuTopology#current()}.
         * @return this builder.
         */
        public Builder topology(final CpuTopology topology) {
            this.topology = topology;
            return this;
        }

        /**
         * Restricts the CPUs this reserver may give, for example to the CPUs set aside for one
         * application.
         *
         * @param cpus the CPUs; intersected with the default candidates.
         * @return this builder.
         */
        public Builder candidates(final CpuSet cpus) {
            this.candidates = cpus;
            return this;
        }

        /**
         * Whether CPU 0 may be given. By default it is left to the operating system, which runs
         * most interrupts and housekeeping there.
         *
         * @param allow {@code true} to let CPU 0 be reserved; default {@code false}.
         * @return this builder.
         */
        public Builder allowCpu0(final boolean allow) {
            this.allowCpu0 = allow;
            return this;
        }

        /**
         * Whether {@code reserve} and {@code tryReserve} also pin the calling thread to the CPU
         * they reserve (and {@link CpuReservation#close()} on that thread restores its mask).
         *
         * @param pin {@code true} to pin at once; default {@code false}.
         * @return this builder.
         */
        public Builder pinOnReserve(final boolean pin) {
            this.pinOnReserve = pin;
            return this;
        }

        /**
         * What pinning does where it cannot work.
         *
         * @param mode the mode; default {@link Affinity#defaultMode()}.
         * @return this builder.
         */
        public Builder mode(final AffinityMode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Creates the lock directory if needed, checks it and builds the reserver.
         *
         * @return the reserver.
         * @throws AffinityException if the lock directory cannot be created, is not a directory,
         *                           is not owned by this user or has a mode other than 0700.
         */
        public CpuReserver build() {
            return new CpuReserver(this);
        }
    }
}
