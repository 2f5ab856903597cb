package io.ipcsync.affinity;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real second JVMs: reservations exclude each other across processes, and die with their holder. */
class CrossProcessReservationTest {
    private Path locks;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void createDirectory() throws Exception {
        locks = Files.createTempDirectory("ipcsync-cpu-locks");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (final Process child : children) {
            child.destroyForcibly();
            child.waitFor(5, TimeUnit.SECONDS);
        }
        TestSupport.deleteRecursively(locks);
    }

    @Test
    void twoJvmsNeverShareACpuAndAKilledHoldersCpuIsFreeWithinASecond() throws Exception {
        final CpuTopology topology = CpuTopology.current();
        final CpuSet usable = topology.online().intersect(topology.startupAffinity());
        assumeTrue(usable.size() >= 2, "needs two CPUs");
        final CpuSet two = CpuSet.of(usable.first(), usable.next(usable.first() + 1));

        // Both children start at once and race for the same two CPUs.
        final Process a = start(two);
        final Process b = start(two);
        final int cpuA = reservedCpu(a);
        final int cpuB = reservedCpu(b);
        assertNotEquals(cpuA, cpuB, "two JVMs got the same CPU");
        assertTrue(two.contains(cpuA) && two.contains(cpuB));

        // This JVM sees both CPUs held, with the holders' pids in the message.
        final CpuReserver reserver = CpuReserver.builder().lockDirectory(locks).candidates(two).allowCpu0(true).build();
        final NoCpuAvailableException busy = assertThrows(NoCpuAvailableException.class,
            () -> reserver.reserve(ReservationStrategy.ANY));
        assertTrue(busy.getMessage().contains("held by pid " + a.pid()), busy.getMessage());
        assertTrue(busy.getMessage().contains("held by pid " + b.pid()), busy.getMessage());

        // SIGKILL: no shutdown hook, no close(); the kernel drops the lock with the process.
        final long killedAt = System.nanoTime();
        a.destroyForcibly();
        Optional<CpuReservation> taken = Optional.empty();
        while (taken.isEmpty() && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(1)) {
            taken = reserver.tryReserve(ReservationStrategy.ANY);
            if (taken.isEmpty()) {
                Thread.sleep(10);
            }
        }
        final long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        assertTrue(taken.isPresent(), "the killed JVM's CPU was not free within a second");
        try (CpuReservation reservation = taken.get()) {
            assertEquals(cpuA, reservation.cpu(), "took " + tookMillis + " ms");
            assertTrue(b.isAlive());
            assertTrue(reserver.tryReserveCpu(cpuB).isEmpty(), "the live JVM's CPU must stay held");
        }

        b.getOutputStream().close();
        assertTrue(b.waitFor(5, TimeUnit.SECONDS), "child exits when its input closes");
        assertEquals(0, b.exitValue());
        try (CpuReservation released = reserver.reserveCpu(cpuB)) {
            assertEquals(cpuB, released.cpu());
        }
    }

    private Process start(final CpuSet candidates) throws Exception {
        final ProcessBuilder builder = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m",
            "-cp", System.getProperty("java.class.path"),
            ReserveCpuMain.class.getName(), locks.toString(), candidates.toString());
        builder.redirectErrorStream(true);
        final Process process = builder.start();
        children.add(process);
        return process;
    }

    /** Reads the child's output until its {@code RESERVED} line. */
    private static int reservedCpu(final Process process) throws Exception {
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final StringBuilder seen = new StringBuilder();
        final CompletableFuture<Integer> cpu = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.startsWith("RESERVED ")) {
                        return Integer.parseInt(line.substring("RESERVED ".length()).strip());
                    }
                }
                return -1;
            } catch (final java.io.IOException e) {
                return -1;
            }
        });
        final int result = cpu.get(20, TimeUnit.SECONDS);
        assertTrue(result >= 0, () -> "child did not reserve a CPU; its output:\n" + seen);
        return result;
    }
}
