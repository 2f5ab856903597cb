package io.ipcsync.affinity;

/**
 * Which CPU a {@link CpuReserver} may give, relative to an anchor CPU (usually the CPU of a
 * reservation already held, for example the producer's when reserving for its consumer).
 *
 * <p>Within the CPUs a strategy allows, the reserver prefers isolated CPUs, then CPUs whose
 * physical core holds no other reservation of this JVM, then higher-numbered CPUs.
 */
public enum ReservationStrategy {
    /** Any free CPU; the anchor, if given, is ignored. */
    ANY {
        @Override
        CpuSet allowed(final CpuTopology topology, final CpuSet candidates, final int anchor) {
            return candidates;
        }
    },

    /**
     * A hyper-thread sibling of the anchor: the same physical core and its L1/L2 caches, for two
     * threads that exchange data constantly. Needs an SMT machine.
     */
    SAME_CORE {
        @Override
        CpuSet allowed(final CpuTopology topology, final CpuSet candidates, final int anchor) {
            return candidates.intersect(topology.siblingsOf(anchor)).without(anchor);
        }
    },

    /** A CPU on another physical core than the anchor, so the two threads do not share a core's execution units. */
    DIFFERENT_CORE {
        @Override
        CpuSet allowed(final CpuTopology topology, final CpuSet candidates, final int anchor) {
            return candidates.minus(topology.siblingsOf(anchor));
        }
    },

    /** Another CPU of the anchor's socket, so the two threads share the last-level cache and memory node. */
    SAME_SOCKET {
        @Override
        CpuSet allowed(final CpuTopology topology, final CpuSet candidates, final int anchor) {
            final CpuSet socket = topology.socketOf(anchor).map(CpuTopology.Socket::cpus).orElse(CpuSet.empty());
            return candidates.intersect(socket).without(anchor);
        }
    };

    /**
     * Whether this strategy is relative to an anchor CPU.
     *
     * @return {@code false} for {@link #ANY}, {@code true} for the others.
     */
    public boolean requiresAnchor() {
        return this != ANY;
    }

    /**
     * The candidates this strategy allows.
     *
     * @param topology   the machine.
     * @param candidates the CPUs the reserver may give.
     * @param anchor     an online CPU, or -1 for {@link #ANY}.
     * @return the allowed CPUs.
     */
    abstract CpuSet allowed(CpuTopology topology, CpuSet candidates, int anchor);
}
