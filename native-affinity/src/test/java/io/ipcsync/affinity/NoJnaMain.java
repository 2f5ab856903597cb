package io.ipcsync.affinity;

import java.nio.file.Path;

/**
 * Run by {@link UnavailableAffinityTest} in a JVM whose class path lacks JNA: every public call
 * must behave as documented, without a linkage error. Prints one {@code key=value} line per check.
 *
 * <p>Argument: a lock directory to reserve in.
 */
public final class NoJnaMain {
    private NoJnaMain() {
    }

    /**
     * Runs the checks.
     *
     * @param args the lock directory.
     */
    public static void main(final String[] args) {
        System.out.println("jnaPresent=" + jnaPresent());
        System.out.println("available=" + Affinity.isAvailable());
        System.out.println("reason=" + Affinity.unavailableReason().orElse(""));
        System.out.println("pin=" + Affinity.pin(0, AffinityMode.BEST_EFFORT));
        System.out.println("cpu=" + Affinity.currentCpu(AffinityMode.BEST_EFFORT));
        System.out.println("mask=" + Affinity.currentAffinity(AffinityMode.BEST_EFFORT));
        try {
            Affinity.pin(0, AffinityMode.STRICT);
            System.out.println("strict=no exception");
        } catch (final AffinityException e) {
            System.out.println("strict=" + e.getClass().getSimpleName());
        }
        final CpuReserver reserver = CpuReserver.builder().lockDirectory(Path.of(args[0])).allowCpu0(true)
            .topology(CpuTopology.flat(2)).pinOnReserve(true).mode(AffinityMode.BEST_EFFORT).build();
        try (CpuReservation reservation = reserver.reserve(ReservationStrategy.ANY)) {
            System.out.println("reserved=" + reservation.cpu());
        }
        System.out.println("done=true");
    }

    private static boolean jnaPresent() {
        try {
            Class.forName("com.sun.jna.Native");
            return true;
        } catch (final ClassNotFoundException e) {
            return false;
        }
    }
}
