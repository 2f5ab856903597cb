package io.ipcsync.affinity;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static io.ipcsync.affinity.TestSupport.sysfs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CpuTopologyTest {
    @Test
    void readsTwoCpuVm() {
        final CpuTopology topology = CpuTopology.read(sysfs("vm-2cpu"));
        assertEquals(CpuSet.parse("0-1"), topology.online());
        assertEquals(CpuSet.parse("0-1"), topology.possible());
        assertTrue(topology.offline().isEmpty());
        assertTrue(topology.isolated().isEmpty());
        assertEquals(topology.online(), topology.startupAffinity());
        assertEquals(List.of(new CpuTopology.Core(0, 0, CpuSet.of(0)), new CpuTopology.Core(0, 1, CpuSet.of(1))),
            topology.cores());
        assertEquals(1, topology.sockets().size());
        assertFalse(topology.isHyperThreaded());
        assertEquals(CpuSet.of(1), topology.siblingsOf(1));
        assertEquals(""
            + "CPU topology of " + sysfs("vm-2cpu") + ": 1 socket, 2 cores, 2 CPUs online (0-1)\n"
            + "  possible 0-1, offline none, isolated none, startup affinity 0-1\n"
            + "  socket 0: CPUs 0-1\n"
            + "    core 0: CPU 0\n"
            + "    core 1: CPU 1", topology.toString());
    }

    @Test
    void readsHyperThreadedTwoSocketServer() {
        final CpuTopology topology = CpuTopology.read(sysfs("server-2s-4c-2t"));
        assertEquals(CpuSet.range(0, 15), topology.online());
        assertTrue(topology.isHyperThreaded());
        assertEquals(8, topology.cores().size());
        assertEquals(2, topology.sockets().size());

        final CpuTopology.Socket socket0 = topology.sockets().get(0);
        final CpuTopology.Socket socket1 = topology.sockets().get(1);
        assertEquals(CpuSet.parse("0-3,8-11"), socket0.cpus());
        assertEquals(CpuSet.parse("4-7,12-15"), socket1.cpus());
        assertEquals(4, socket1.cores().size());
        // core_id repeats across sockets; the siblings lists keep the cores apart.
        assertEquals(new CpuTopology.Core(1, 0, CpuSet.of(4, 12)), topology.coreOf(12).orElseThrow());
        assertEquals(new CpuTopology.Core(0, 0, CpuSet.of(0, 8)), topology.coreOf(8).orElseThrow());
        assertEquals(CpuSet.of(3, 11), topology.siblingsOf(3));
        assertEquals(1, topology.socketOf(13).orElseThrow().id());
        assertTrue(topology.coreOf(16).isEmpty());
        assertTrue(topology.socketOf(99).isEmpty());
        assertEquals(
            List.of("0,8", "1,9", "2,10", "3,11", "4,12", "5,13", "6,14", "7,15"),
            topology.cores().stream().map(c -> c.cpus().toString()).collect(Collectors.toList()));
        final String text = topology.toString();
        assertTrue(text.startsWith("CPU topology of " + sysfs("server-2s-4c-2t")
            + ": 2 sockets, 8 cores, 16 CPUs online (0-15), hyper-threaded\n"), text);
        assertTrue(text.contains("\n  socket 1: CPUs 4-7,12-15\n    core 0: CPUs 4,12\n"), text);
    }

    @Test
    void readsIsolatedCpusAndAnOfflineCpu() {
        final CpuSet startup = CpuSet.parse("0-3");
        final CpuTopology topology = CpuTopology.read(sysfs("isolated-8cpu"), startup);
        assertEquals(CpuSet.parse("0-6"), topology.online());
        assertEquals(CpuSet.parse("0-7"), topology.possible());
        assertEquals(CpuSet.of(7), topology.offline());
        assertEquals(CpuSet.parse("4-7"), topology.isolated());
        assertEquals(startup, topology.startupAffinity());
        assertEquals(
            List.of("0-1", "2-3", "4-5", "6"),
            topology.cores().stream().map(c -> c.cpus().toString()).collect(Collectors.toList()));
        assertEquals(CpuSet.of(6), topology.siblingsOf(6));
        assertTrue(topology.coreOf(7).isEmpty());
        assertTrue(topology.toString().contains("possible 0-7, offline 7, isolated 4-7, startup affinity 0-3"),
            topology.toString());
    }

    @Test
    void readsThisMachine() {
        assumeTrue(Files.isDirectory(CpuTopology.DEFAULT_ROOT), "no /sys/devices/system/cpu: not Linux");
        final CpuTopology topology = CpuTopology.read();
        assertFalse(topology.online().isEmpty());
        assertTrue(topology.possible().containsAll(topology.online()));
        assertEquals(topology.online(),
            topology.cores().stream().map(CpuTopology.Core::cpus).reduce(CpuSet.empty(), CpuSet::union));
        assertEquals(topology.online(),
            topology.sockets().stream().map(CpuTopology.Socket::cpus).reduce(CpuSet.empty(), CpuSet::union));
        assertTrue(topology.online().containsAll(topology.startupAffinity()) || !topology.isolated().isEmpty(),
            topology::toString);
        assertTrue(topology.cores().size() <= Runtime.getRuntime().availableProcessors() * 2 + 64);
        assertEquals(CpuTopology.processStartupAffinity(), topology.startupAffinity());
        assertTrue(topology.toString().startsWith("CPU topology of /sys/devices/system/cpu: "), topology.toString());
    }

    @Test
    void reportsMalformedFilesWithPathAndValue() throws Exception {
        final Path root = Files.createTempDirectory("sysfs-bad");
        try {
            Files.writeString(root.resolve("online"), "0-1\n");
            Files.createDirectories(root.resolve("cpu0/topology"));
            Files.writeString(root.resolve("cpu0/topology/core_id"), "zero\n");
            final AffinityException badInt = assertThrows(AffinityException.class, () -> CpuTopology.read(root));
            assertTrue(badInt.getMessage().contains(root.resolve("cpu0/topology/core_id").toString()), badInt.getMessage());
            assertTrue(badInt.getMessage().contains("expected an integer but found \"zero\""), badInt.getMessage());

            Files.writeString(root.resolve("cpu0/topology/core_id"), "0\n");
            Files.writeString(root.resolve("isolated"), "2-x\n");
            final AffinityException badList = assertThrows(AffinityException.class, () -> CpuTopology.read(root));
            assertTrue(badList.getMessage().contains(root.resolve("isolated").toString()), badList.getMessage());
            assertTrue(badList.getMessage().contains("Invalid CPU list \"2-x\" at position 2"), badList.getMessage());

            final AffinityException missing = assertThrows(AffinityException.class,
                () -> CpuTopology.read(root.resolve("nope")));
            assertTrue(missing.getMessage().contains("is not a directory"), missing.getMessage());
        } finally {
            TestSupport.deleteRecursively(root);
        }
    }

    @Test
    void fallsBackWhenFilesAreMissing() throws Exception {
        final Path root = Files.createTempDirectory("sysfs-sparse");
        try {
            // No online file: cpu0 is online (it has no online flag), cpu1 is offline, cpu2 is online without topology.
            Files.createDirectories(root.resolve("cpu0/topology"));
            Files.writeString(root.resolve("cpu0/topology/thread_siblings_list"), "0-1\n");
            Files.createDirectories(root.resolve("cpu1"));
            Files.writeString(root.resolve("cpu1/online"), "0\n");
            Files.createDirectories(root.resolve("cpu2"));
            Files.writeString(root.resolve("cpu2/online"), "1\n");
            final CpuTopology topology = CpuTopology.read(root);
            assertEquals(CpuSet.of(0, 2), topology.online());
            assertEquals(CpuSet.range(0, 2), topology.possible());
            assertTrue(topology.isolated().isEmpty());
            // The offline sibling is dropped; the CPU without topology is a core of its own.
            assertEquals(List.of(new CpuTopology.Core(0, 0, CpuSet.of(0)), new CpuTopology.Core(0, 2, CpuSet.of(2))),
                topology.cores());
        } finally {
            TestSupport.deleteRecursively(root);
        }
    }

    @Test
    void flatTopologyForPlatformsWithoutSysfs() {
        final CpuTopology flat = CpuTopology.flat(4);
        assertTrue(flat.root().isEmpty());
        assertEquals(CpuSet.range(0, 3), flat.online());
        assertEquals(4, flat.cores().size());
        assertEquals(1, flat.sockets().size());
    }
}
