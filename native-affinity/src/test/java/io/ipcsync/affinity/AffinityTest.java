package io.ipcsync.affinity;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.ipcsync.affinity.TestSupport.onNewThread;
import static io.ipcsync.affinity.TestSupport.procCpusAllowed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The native half; every test is skipped where {@link Affinity#isAvailable()} is false. */
class AffinityTest {
    @BeforeEach
    void requireNativeAffinity() {
        assumeTrue(Affinity.isAvailable(), () -> "affinity unavailable: " + Affinity.unavailableReason().orElse("?"));
    }

    @Test
    void reportsNoReasonWhenAvailable() {
        assertTrue(Affinity.unavailableReason().isEmpty());
    }

    @Test
    void threadIdMatchesTheKernelsView() throws Exception {
        onNewThread(() -> {
            final int tid = Affinity.threadId(AffinityMode.STRICT);
            assertEquals(TestSupport.gettidIndependently(), tid);
            assertEquals(ProcessHandle.current().pid() + "/task/" + tid,
                Files.readSymbolicLink(Path.of("/proc/thread-self")).toString());
        });
    }

    @Test
    void pinsThreadAndKernelAgreesThroughGetaffinityAndProc() throws Exception {
        onNewThread(() -> {
            final CpuSet allowed = Affinity.currentAffinity(AffinityMode.STRICT);
            assertEquals(procCpusAllowed(TestSupport.gettidIndependently()), allowed);
            final int cpu = allowed.last();

            assertTrue(Affinity.pin(cpu, AffinityMode.STRICT));

            final int tid = TestSupport.gettidIndependently();
            assertEquals(CpuSet.of(cpu), Affinity.currentAffinity(AffinityMode.STRICT));
            assertEquals(CpuSet.of(cpu), procCpusAllowed(tid));
            assertEquals(cpu, Affinity.currentCpu(AffinityMode.STRICT));

            Thread.sleep(50);
            assertEquals(CpuSet.of(cpu), Affinity.currentAffinity(AffinityMode.STRICT), "pin lost across sleep");
            assertEquals(CpuSet.of(cpu), procCpusAllowed(tid), "pin lost across sleep");
            assertEquals(cpu, Affinity.currentCpu(AffinityMode.STRICT));

            assertTrue(Affinity.pin(allowed, AffinityMode.STRICT));
            assertEquals(allowed, procCpusAllowed(tid));
        });
    }

    @Test
    void pinningOneThreadLeavesOthersAlone() throws Exception {
        final CpuSet before = Affinity.currentAffinity(AffinityMode.STRICT);
        onNewThread(() -> Affinity.pin(before.first(), AffinityMode.STRICT));
        assertEquals(before, Affinity.currentAffinity(AffinityMode.STRICT));
    }

    @Test
    void unpinRestoresTheStartupMask() throws Exception {
        onNewThread(() -> {
            final CpuSet startup = CpuTopology.processStartupAffinity();
            assumeTrue(!startup.isEmpty());
            Affinity.pin(Affinity.currentAffinity(AffinityMode.STRICT).first(), AffinityMode.STRICT);
            assertTrue(Affinity.unpin(AffinityMode.STRICT));
            assertEquals(startup, Affinity.currentAffinity(AffinityMode.STRICT));
        });
    }

    @Test
    void nonexistentCpuFailsWithEinvalAndItsText() throws Exception {
        onNewThread(() -> {
            final CpuSet before = Affinity.currentAffinity(AffinityMode.STRICT);
            final NativeAffinityException e = assertThrows(NativeAffinityException.class,
                () -> Affinity.pin(4095, AffinityMode.STRICT));
            assertEquals(22, e.errno());
            assertEquals("EINVAL", e.errnoName());
            assertEquals("Invalid argument", e.errnoText());
            assertTrue(e.call().contains("sched_setaffinity") && e.call().contains("4095"), e.call());
            assertEquals("sched_setaffinity(0, cpus 4095) failed: errno 22 (EINVAL: Invalid argument)", e.getMessage());
            assertEquals(before, Affinity.currentAffinity(AffinityMode.STRICT), "a failed pin must not change the mask");
        });
    }

    @Test
    void offlineCpuFailsWithEinval() throws Exception {
        final CpuTopology topology = CpuTopology.current();
        final int beyond = topology.possible().last() + 1;
        onNewThread(() -> {
            final NativeAffinityException e = assertThrows(NativeAffinityException.class,
                () -> Affinity.pin(beyond, AffinityMode.STRICT));
            assertEquals(Errno.EINVAL, e.errno());
        });
    }

    @Test
    void bestEffortTurnsKernelRefusalIntoFalse() throws Exception {
        onNewThread(() -> {
            final CpuSet before = Affinity.currentAffinity(AffinityMode.STRICT);
            assertFalse(Affinity.pin(4095, AffinityMode.BEST_EFFORT));
            assertEquals(before, Affinity.currentAffinity(AffinityMode.STRICT));
        });
    }

    @Test
    void misuseAlwaysThrows() {
        assertThrows(IllegalArgumentException.class, () -> Affinity.pin(-1, AffinityMode.BEST_EFFORT));
        assertThrows(IllegalArgumentException.class, () -> Affinity.pin(CpuSet.empty(), AffinityMode.BEST_EFFORT));
    }
}
