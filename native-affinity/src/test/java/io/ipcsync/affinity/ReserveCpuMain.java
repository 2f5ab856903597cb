package io.ipcsync.affinity;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The second JVM of {@link CrossProcessReservationTest}: reserves a CPU, prints
 * {@code RESERVED <cpu>}, and holds it until its standard input closes or it is killed.
 *
 * <p>Arguments: the lock directory and the candidate CPU list.
 */
public final class ReserveCpuMain {
    private ReserveCpuMain() {
    }

    /**
     * Reserves and waits.
     *
     * @param args the lock directory and the candidates, for example {@code /tmp/x 0-1}.
     * @throws IOException if standard input fails.
     */
    public static void main(final String[] args) throws IOException {
        final CpuReserver reserver = CpuReserver.builder()
            .lockDirectory(Path.of(args[0]))
            .candidates(CpuSet.parse(args[1]))
            .allowCpu0(true)
            .build();
        try (CpuReservation reservation = reserver.reserve(ReservationStrategy.ANY)) {
            System.out.println("RESERVED " + reservation.cpu());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the CPU until the parent closes our input or kills us.
            }
        } catch (final NoCpuAvailableException e) {
            System.out.println("NONE " + e.getMessage());
        }
    }
}
