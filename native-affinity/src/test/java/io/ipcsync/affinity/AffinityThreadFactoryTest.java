package io.ipcsync.affinity;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.ipcsync.affinity.TestSupport.sysfs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AffinityThreadFactoryTest {
    private Path locks;

    @BeforeEach
    void createDirectory() throws Exception {
        locks = Files.createTempDirectory("ipcsync-factory-locks");
    }

    @AfterEach
    void deleteDirectory() throws Exception {
        TestSupport.deleteRecursively(locks);
    }

    @Test
    void fixedCpuThreadsStartPinned() throws Exception {
        assumeTrue(Affinity.isAvailable(), "affinity unavailable");
        final int cpu = Affinity.currentAffinity(AffinityMode.STRICT).last();
        final AffinityThreadFactory factory = AffinityThreadFactory.builder("fixed").cpu(cpu).mode(AffinityMode.STRICT).build();
        final AtomicReference<CpuSet> seen = new AtomicReference<>();
        final Thread thread = factory.newThread(() -> seen.set(Affinity.currentAffinity(AffinityMode.STRICT)));
        assertEquals("fixed-1", thread.getName());
        assertFalse(thread.isDaemon());
        thread.start();
        thread.join(5_000);
        assertEquals(CpuSet.of(cpu), seen.get());
    }

    @Test
    void reservingThreadsGetDistinctCpusReleasedWhenTheyEnd() throws Exception {
        assumeTrue(Affinity.isAvailable(), "affinity unavailable");
        final CpuTopology topology = CpuTopology.current();
        final CpuSet usable = topology.online().intersect(topology.startupAffinity());
        assumeTrue(usable.size() >= 2, "needs two CPUs");
        final CpuReserver reserver = CpuReserver.builder().lockDirectory(locks).allowCpu0(true)
            .candidates(CpuSet.of(usable.first(), usable.last())).build();
        final AffinityThreadFactory factory = AffinityThreadFactory.builder("agent")
            .reserving(reserver, ReservationStrategy.DIFFERENT_CORE).mode(AffinityMode.STRICT).daemon(true).build();

        final CountDownLatch running = new CountDownLatch(2);
        final CountDownLatch finish = new CountDownLatch(1);
        final AtomicReference<CpuSet> first = new AtomicReference<>();
        final AtomicReference<CpuSet> second = new AtomicReference<>();
        final Thread t1 = factory.newThread(() -> holdAndRecord(first, running, finish));
        final Thread t2 = factory.newThread(() -> holdAndRecord(second, running, finish));
        assertTrue(t1.isDaemon());
        t1.start();
        t2.start();
        assertTrue(running.await(5, TimeUnit.SECONDS));
        assertEquals(1, first.get().size());
        assertEquals(1, second.get().size());
        assertNotEquals(first.get(), second.get());
        // Both CPUs are held: a third thread cannot get one.
        final NoCpuAvailableException e = assertThrows(NoCpuAvailableException.class, () -> factory.newThread(() -> { }));
        assertTrue(e.getMessage().contains("held by this JVM"), e.getMessage());

        finish.countDown();
        t1.join(5_000);
        t2.join(5_000);
        try (CpuReservation again = reserver.reserveCpu(first.get().first())) {
            assertTrue(again.isHeld(), "released when the thread ended");
        }
    }

    @Test
    void bestEffortRunsUnpinnedWhenNoCpuIsFree() throws Exception {
        final CpuReserver reserver = CpuReserver.builder().lockDirectory(locks)
            .topology(CpuTopology.read(sysfs("vm-2cpu"))).build();
        try (CpuReservation taken = reserver.reserve(ReservationStrategy.ANY)) {
            assertEquals(1, taken.cpu());
            final AffinityThreadFactory factory = AffinityThreadFactory.builder("spare")
                .reserving(reserver, ReservationStrategy.ANY).mode(AffinityMode.BEST_EFFORT).build();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final CountDownLatch ran = new CountDownLatch(1);
            final Thread thread = factory.newThread(ran::countDown);
            thread.setUncaughtExceptionHandler((t, x) -> failure.set(x));
            thread.start();
            thread.join(5_000);
            assertEquals(0, ran.getCount(), "the task ran, unpinned");
            assertNull(failure.get());
            final AffinityThreadFactory strict = AffinityThreadFactory.builder("strict")
                .reserving(reserver, ReservationStrategy.ANY).mode(AffinityMode.STRICT).build();
            assumeTrue(Affinity.isAvailable());
            assertThrows(NoCpuAvailableException.class, () -> strict.newThread(() -> { }));
        }
    }

    @Test
    void builderRejectsMisuse() {
        assertThrows(IllegalArgumentException.class, () -> AffinityThreadFactory.builder(" "));
        assertThrows(IllegalArgumentException.class, () -> AffinityThreadFactory.builder("x").cpus(CpuSet.empty()));
    }

    private static void holdAndRecord(final AtomicReference<CpuSet> mask, final CountDownLatch running, final CountDownLatch finish) {
        mask.set(Affinity.currentAffinity(AffinityMode.STRICT));
        running.countDown();
        try {
            finish.await(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
