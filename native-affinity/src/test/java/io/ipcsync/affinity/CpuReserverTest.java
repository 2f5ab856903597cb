package io.ipcsync.affinity;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ipcsync.affinity.TestSupport.onNewThread;
import static io.ipcsync.affinity.TestSupport.sysfs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CpuReserverTest {
    private Path tmp;
    private Path locks;

    @BeforeEach
    void createDirectory() throws Exception {
        tmp = Files.createTempDirectory("ipcsync-affinity-test");
        locks = tmp.resolve("cpu-locks");
    }

    @AfterEach
    void deleteDirectory() throws Exception {
        TestSupport.deleteRecursively(tmp);
    }

    private CpuReserver.Builder reserver(final String shape) {
        return CpuReserver.builder().lockDirectory(locks).topology(CpuTopology.read(sysfs(shape)));
    }

    @Test
    void createsLockDirectoryOwnerOnlyAndLockFiles() throws Exception {
        final CpuReserver reserver = reserver("vm-2cpu").build();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(locks)));
        assertEquals(locks.toRealPath(), reserver.lockDirectory());
        try (CpuReservation r = reserver.reserve(ReservationStrategy.ANY)) {
            assertEquals(1, r.cpu());
            assertTrue(r.isHeld());
            assertEquals(locks.toRealPath().resolve("cpu-1.lock"), r.lockFile());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(r.lockFile())));
            assertTrue(Files.readString(r.lockFile()).startsWith("pid " + ProcessHandle.current().pid() + ", thread \""));
        }
    }

    @Test
    void leavesCpu0ToTheOsUnlessAllowed() {
        final CpuReserver reserver = reserver("vm-2cpu").build();
        assertEquals(CpuSet.of(1), reserver.candidates());
        try (CpuReservation only = reserver.reserve(ReservationStrategy.ANY)) {
            assertEquals(1, only.cpu());
            final NoCpuAvailableException e = assertThrows(NoCpuAvailableException.class,
                () -> reserver.reserve(ReservationStrategy.ANY));
            assertTrue(e.getMessage().startsWith("No free CPU for strategy ANY in lock directory " + reserver.lockDirectory()
                + ": tried CPU 1 (held by this JVM (pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains("not considered: CPU 0 (left to the operating system; allow it with"
                + " allowCpu0(true))"), e.getMessage());
            assertTrue(reserver.tryReserve(ReservationStrategy.ANY).isEmpty());
        }
        final CpuReserver withCpu0 = reserver("vm-2cpu").allowCpu0(true).build();
        assertEquals(CpuSet.of(0, 1), withCpu0.candidates());
        // An explicit request may always name CPU 0.
        try (CpuReservation zero = reserver.reserveCpu(0)) {
            assertEquals(0, zero.cpu());
            assertThrows(NoCpuAvailableException.class, () -> withCpu0.reserveCpu(0));
        }
    }

    @Test
    void closingFreesTheCpuAndIsIdempotent() {
        final CpuReserver reserver = reserver("vm-2cpu").build();
        final CpuReservation first = reserver.reserve(ReservationStrategy.ANY);
        first.close();
        first.close();
        assertFalse(first.isHeld());
        assertThrows(IllegalStateException.class, first::pinCurrentThread);
        try (CpuReservation again = reserver.reserve(ReservationStrategy.ANY)) {
            assertEquals(first.cpu(), again.cpu());
        }
    }

    @Test
    void twoReserversOnOneDirectoryShareTheJvmWideGuard() {
        final CpuReserver a = reserver("vm-2cpu").allowCpu0(true).build();
        final CpuReserver b = reserver("vm-2cpu").allowCpu0(true).build();
        try (CpuReservation ra = a.reserve(ReservationStrategy.ANY);
             CpuReservation rb = b.reserve(ReservationStrategy.ANY)) {
            assertNotEquals(ra.cpu(), rb.cpu());
            assertTrue(b.tryReserve(ReservationStrategy.ANY).isEmpty());
        }
    }

    @Test
    void concurrentThreadsNeverGetTheSameCpu() throws Exception {
        final CpuReserver reserver = reserver("server-2s-4c-2t").build();
        final int threads = 8;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        final CountDownLatch start = new CountDownLatch(1);
        final List<Future<Optional<CpuReservation>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 24; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return reserver.tryReserve(ReservationStrategy.ANY);
                }));
            }
            start.countDown();
            final Set<Integer> cpus = ConcurrentHashMap.newKeySet();
            final List<CpuReservation> held = new ArrayList<>();
            for (final Future<Optional<CpuReservation>> result : results) {
                result.get(10, TimeUnit.SECONDS).ifPresent(r -> {
                    held.add(r);
                    assertTrue(cpus.add(r.cpu()), "CPU " + r.cpu() + " given twice");
                });
            }
            assertEquals(reserver.candidates().size(), held.size(), "every candidate given exactly once");
            assertEquals(CpuSet.range(1, 15), reserver.candidates());
            held.forEach(CpuReservation::close);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void strategiesFollowTheTopology() {
        final CpuReserver reserver = reserver("server-2s-4c-2t").build();
        try (CpuReservation anchor = reserver.reserveCpu(5);
             CpuReservation sibling = reserver.reserve(ReservationStrategy.SAME_CORE, anchor.cpu());
             CpuReservation sameSocket = reserver.reserve(ReservationStrategy.SAME_SOCKET, anchor.cpu());
             CpuReservation otherCore = reserver.reserve(ReservationStrategy.DIFFERENT_CORE, anchor.cpu())) {
            assertEquals(13, sibling.cpu());
            assertTrue(CpuSet.parse("4-7,12-15").contains(sameSocket.cpu()), "socket of 5: " + sameSocket);
            assertFalse(CpuSet.of(5, 13).contains(sameSocket.cpu()));
            // Prefers a core that no reservation of this JVM uses yet.
            assertFalse(CpuSet.of(5, 13).contains(otherCore.cpu()));
            assertNotEquals(reserver.topology().coreOf(sameSocket.cpu()), reserver.topology().coreOf(otherCore.cpu()));

            final NoCpuAvailableException e = assertThrows(NoCpuAvailableException.class,
                () -> reserver.reserve(ReservationStrategy.SAME_CORE, anchor.cpu()));
            assertTrue(e.getMessage().startsWith("No free CPU for strategy SAME_CORE (anchor CPU 5)"), e.getMessage());
            assertTrue(e.getMessage().contains("tried CPU 13 (held by this JVM"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> reserver.reserve(ReservationStrategy.SAME_CORE));
        assertThrows(IllegalArgumentException.class, () -> reserver.reserve(ReservationStrategy.SAME_SOCKET, 16));
        assertThrows(IllegalArgumentException.class, () -> reserver.reserveCpu(16));
    }

    @Test
    void prefersIsolatedCpusThenUnsharedCoresThenHighNumbers() {
        final CpuReserver reserver = CpuReserver.builder().lockDirectory(locks)
            .topology(CpuTopology.read(sysfs("isolated-8cpu"), CpuSet.parse("0-3")))
            .build();
        // Isolated CPUs join the candidates although isolcpus kept them out of the startup mask; 7 is offline.
        assertEquals(CpuSet.range(1, 6), reserver.candidates());
        final List<CpuReservation> held = new ArrayList<>();
        try {
            final List<Integer> order = new ArrayList<>();
            Optional<CpuReservation> next;
            while ((next = reserver.tryReserve(ReservationStrategy.ANY)).isPresent()) {
                held.add(next.get());
                order.add(next.get().cpu());
            }
            assertEquals(List.of(6, 5, 4, 3, 1, 2), order);
        } finally {
            held.forEach(CpuReservation::close);
        }
    }

    @Test
    void narrowsCandidatesAndExplainsEmptyPool() {
        final CpuReserver reserver = reserver("server-2s-4c-2t").candidates(CpuSet.parse("2,10,20")).build();
        assertEquals(CpuSet.of(2, 10), reserver.candidates());
        final NoCpuAvailableException e = assertThrows(NoCpuAvailableException.class,
            () -> reserver.reserve(ReservationStrategy.SAME_SOCKET, 4));
        assertTrue(e.getMessage().contains("no candidate fits (candidates: 2,10; none is on the socket (4-7,12-15) of CPU 4)"), e.getMessage());
        assertTrue(e.getMessage().contains("CPU 20 (not online)"), e.getMessage());
    }

    @Test
    void rejectsLockDirectoryOpenToOthers() throws Exception {
        Files.createDirectory(locks, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        Files.setPosixFilePermissions(locks, PosixFilePermissions.fromString("rwxr-xr-x"));
        final AffinityException e = assertThrows(AffinityException.class, () -> reserver("vm-2cpu").build());
        assertTrue(e.getMessage().contains("has mode rwxr-xr-x; it must be rwx------ (0700)"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 700 " + locks), e.getMessage());
    }

    @Test
    void rejectsSymlinkAndPlainFile() throws Exception {
        final Path target = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(locks, target);
        final AffinityException link = assertThrows(AffinityException.class, () -> reserver("vm-2cpu").build());
        assertTrue(link.getMessage().contains("is a symbolic link"), link.getMessage());
        Files.delete(locks);

        Files.writeString(locks, "not a directory");
        final AffinityException file = assertThrows(AffinityException.class, () -> reserver("vm-2cpu").build());
        assertTrue(file.getMessage().contains("exists but is not a directory"), file.getMessage());
    }

    @Test
    void lockDirectoryComesFromThePropertyOrThePerUserDefault() throws Exception {
        final String previous = System.getProperty(CpuReserver.LOCK_DIR_PROPERTY);
        try {
            System.clearProperty(CpuReserver.LOCK_DIR_PROPERTY);
            final Path byDefault = CpuReserver.defaultLockDirectory();
            assertEquals("cpu-locks", byDefault.getFileName().toString());
            assertTrue(byDefault.getParent().getFileName().toString().startsWith("ipcsync-"), byDefault.toString());
            if (Files.isDirectory(Path.of("/dev/shm"))) {
                assertEquals(Path.of("/dev/shm"), byDefault.getParent().getParent());
            }
            System.setProperty(CpuReserver.LOCK_DIR_PROPERTY, locks.toString());
            assertEquals(locks, CpuReserver.defaultLockDirectory());
            final CpuReserver reserver = CpuReserver.builder().topology(CpuTopology.flat(2)).build();
            assertEquals(locks.toRealPath(), reserver.lockDirectory());
        } finally {
            if (previous == null) {
                System.clearProperty(CpuReserver.LOCK_DIR_PROPERTY);
            } else {
                System.setProperty(CpuReserver.LOCK_DIR_PROPERTY, previous);
            }
        }
    }

    @Test
    void pinOnReservePinsAndCloseRestores() throws Exception {
        assumeTrue(Affinity.isAvailable(), "affinity unavailable");
        final CpuReserver reserver = CpuReserver.builder().lockDirectory(locks).allowCpu0(true)
            .pinOnReserve(true).mode(AffinityMode.STRICT).build();
        onNewThread(() -> {
            final CpuSet before = Affinity.currentAffinity(AffinityMode.STRICT);
            try (CpuReservation r = reserver.reserve(ReservationStrategy.ANY)) {
                assertEquals(CpuSet.of(r.cpu()), Affinity.currentAffinity(AffinityMode.STRICT));
                assertEquals(r.cpu(), Affinity.currentCpu(AffinityMode.STRICT));
            }
            assertEquals(before, Affinity.currentAffinity(AffinityMode.STRICT));
        });
    }
}
