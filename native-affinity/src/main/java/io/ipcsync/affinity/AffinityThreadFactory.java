package io.ipcsync.affinity;

import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ThreadFactory} whose threads start pinned: either to a fixed CPU or set of CPUs, or
 * each to a CPU of its own reserved through a {@link CpuReserver} (released when the thread ends).
 * This is how the rest of ipcsync, and applications, put duty-cycle threads on dedicated cores.
 *
 * <p>With Agrona's agents (the channels module's agent threads):
 * <pre>{@code
 * ThreadFactory pinned = AffinityThreadFactory.builder("md-agent")
 *     .reserving(CpuReserver.create(), ReservationStrategy.DIFFERENT_CORE)
 *     .build();
 * AgentRunner.startOnThread(runner, pinned);
 * }</pre>
 * With an executor: {@code Executors.newSingleThreadExecutor(AffinityThreadFactory.builder("io").cpu(3).build())}.
 *
 * <p>Reserving strategies: the first thread of a factory uses {@link ReservationStrategy#ANY}
 * (unless {@link Builder#anchorCpu(int)} is set); each later thread is placed relative to the
 * previous thread's CPU, so {@code SAME_CORE} pairs threads on hyper-thread siblings and
 * {@code DIFFERENT_CORE} spreads them over cores.
 *
 * <p>When things go wrong, {@link Builder#mode(AffinityMode)} decides. In
 * {@link AffinityMode#STRICT} {@link #newThread(Runnable)} throws if affinity is unavailable or no
 * CPU is free, so a caller fails before starting work on a wrong CPU; a kernel refusal found
 * when the thread starts (a cpuset that forbids the CPU) ends the thread with that exception
 * before the task runs. In {@link AffinityMode#BEST_EFFORT} the thread runs unpinned instead and
 * a warning is logged.
 *
 * <p>A reservation is taken when {@link #newThread(Runnable)} returns and released when the
 * thread's task returns or throws; a thread that is never started keeps its CPU until the JVM
 * exits. Thread-safe.
 */
public final class AffinityThreadFactory implements ThreadFactory {
    private static final System.Logger LOG = System.getLogger("io.ipcsync.affinity");

    private final String namePrefix;
    private final CpuSet fixedCpus;
    private final CpuReserver reserver;
    private final ReservationStrategy strategy;
    private final int anchorCpu;
    private final AffinityMode mode;
    private final boolean daemon;
    private final AtomicInteger threadCount = new AtomicInteger();
    private final AtomicInteger lastCpu = new AtomicInteger(-1);

    private AffinityThreadFactory(final Builder builder) {
        this.namePrefix = builder.namePrefix;
        this.fixedCpus = builder.fixedCpus;
        this.reserver = builder.reserver;
        this.strategy = builder.strategy;
        this.anchorCpu = builder.anchorCpu;
        this.mode = builder.mode != null ? builder.mode : Affinity.defaultMode();
        this.daemon = builder.daemon;
    }

    /**
     * A builder for a factory whose threads are named {@code <namePrefix>-<n>}, n counting from 1.
     *
     * @param namePrefix the thread name prefix, for example {@code md-agent}.
     * @return a new builder.
     */
    public static Builder builder(final String namePrefix) {
        return new Builder(namePrefix);
    }

    /**
     * A new, unstarted thread that pins itself when it starts and then runs {@code task}.
     *
     * @param task the code the thread runs.
     * @return the thread.
     * @throws NoCpuAvailableException in {@link AffinityMode#STRICT} when reserving and no CPU is free.
     * @throws AffinityException       in {@link AffinityMode#STRICT} when affinity is unavailable.
     */
    @Override
    public Thread newThread(final Runnable task) {
        if (mode == AffinityMode.STRICT && !Affinity.isAvailable()) {
            throw new AffinityException("Cannot start a pinned thread: CPU affinity is unavailable: "
                + Affinity.unavailableReason().orElse("unknown"));
        }
        final String name = namePrefix + "-" + threadCount.incrementAndGet();
        final Runnable body;
        if (fixedCpus != null) {
            body = () -> {
                Affinity.pin(fixedCpus, mode);
                task.run();
            };
        } else {
            final CpuReservation reservation = reserve(name);
            body = reservation == null ? task : () -> {
                try (reservation) {
                    reservation.pinCurrentThread(mode);
                    task.run();
                }
            };
        }
        final Thread thread = new Thread(body, name);
        thread.setDaemon(daemon);
        return thread;
    }

    /**
     * A one-line description of how threads are pinned.
     *
     * @return the description.
     */
    @Override
    public String toString() {
        return "AffinityThreadFactory[" + namePrefix + ", "
            + (fixedCpus != null ? "cpus " + fixedCpus : "reserving " + strategy + " from " + reserver.lockDirectory())
            + ", " + mode + "]";
    }

    private CpuReservation reserve(final String threadName) {
        final int previous = anchorCpu >= 0 ? anchorCpu : lastCpu.get();
        final ReservationStrategy effective = strategy.requiresAnchor() && previous < 0 ? ReservationStrategy.ANY : strategy;
        final CpuReservation reservation;
        if (mode == AffinityMode.STRICT) {
            reservation = reserver.reserve(effective, previous, false);
        } else {
            final Optional<CpuReservation> maybe = reserver.tryReserve(effective, previous, false);
            if (maybe.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "Thread \"" + threadName + "\" runs unpinned: no free CPU for "
                    + effective + (previous >= 0 ? " relative to CPU " + previous : "") + " among " + reserver.candidates()
                    + " in " + reserver.lockDirectory());
                return null;
            }
            reservation = maybe.get();
        }
        lastCpu.set(reservation.cpu());
        return reservation;
    }

    /** Settings for an {@link AffinityThreadFactory}. Not thread-safe. */
    public static final class Builder {
        private final String namePrefix;
        private CpuSet fixedCpus;
        private CpuReserver reserver;
        private ReservationStrategy strategy = ReservationStrategy.ANY;
        private int anchorCpu = -1;
        private AffinityMode mode;
        private boolean daemon;

        private Builder(final String namePrefix) {
            if (namePrefix == null || namePrefix.isBlank()) {
                throw new IllegalArgumentException("A thread name prefix is required");
            }
            this.namePrefix = namePrefix;
        }

        /**
         * Pins every thread to this one CPU (no reservation: threads of this factory share it).
         *
         * @param cpu the CPU.
         * @return this builder.
         */
        public Builder cpu(final int cpu) {
            return cpus(CpuSet.of(cpu));
        }

        /**
         * Restricts every thread to this set of CPUs (no reservation).
         *
         * @param cpus the CPUs, not empty.
         * @return this builder.
         */
        public Builder cpus(final CpuSet cpus) {
            if (cpus.isEmpty()) {
                throw new IllegalArgumentException("Cannot pin threads to an empty set of CPUs");
            }
            this.fixedCpus = cpus;
            this.reserver = null;
            return this;
        }

        /**
         * Gives each thread a CPU of its own, reserved from {@code reserver} with {@code strategy}
         * (the default when neither this nor {@link #cpus(CpuSet)} is called is
         * {@link CpuReserver#create()} with {@link ReservationStrategy#ANY}).
         *
         * @param reserver the reserver; its {@code pinOnReserve} setting is ignored, the new thread pins itself.
         * @param strategy where each thread goes relative to the previous one (or to {@link #anchorCpu(int)}).
         * @return this builder.
         */
        public Builder reserving(final CpuReserver reserver, final ReservationStrategy strategy) {
            this.reserver = reserver;
            this.strategy = strategy;
            this.fixedCpus = null;
            return this;
        }

        /**
         * Places every reserved thread relative to this CPU rather than to the previous thread's.
         *
         * @param cpu an online CPU, or -1 (the default) to follow the previous thread.
         * @return this builder.
         */
        public Builder anchorCpu(final int cpu) {
            this.anchorCpu = cpu;
            return this;
        }

        /**
         * What to do when a thread cannot be pinned.
         *
         * @param mode the mode; default {@link Affinity#defaultMode()}.
         * @return this builder.
         */
        public Builder mode(final AffinityMode mode) {
            this.mode = mode;
            return this;
        }

        /**
         * Whether the threads are daemon threads.
         *
         * @param daemon {@code true} for daemon threads; default {@code false}.
         * @return this builder.
         */
        public Builder daemon(final boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /**
         * Builds the factory.
         *
         * @return the factory.
         * @throws AffinityException if the default reserver is needed and its lock directory is unusable.
         */
        public AffinityThreadFactory build() {
            if (fixedCpus == null && reserver == null) {
                reserver = CpuReserver.create();
            }
            return new AffinityThreadFactory(this);
        }
    }
}
