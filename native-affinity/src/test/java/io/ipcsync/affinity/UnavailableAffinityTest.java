package io.ipcsync.affinity;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The null fallback, as on macOS or without JNA: runs everywhere. */
class UnavailableAffinityTest {
    private final NativeAffinity none = new NullNativeAffinity("thread affinity is only implemented on Linux; this is Mac OS X");

    @Test
    void bestEffortCallsAreNoOps() {
        assertFalse(Affinity.pin(none, CpuSet.of(1), AffinityMode.BEST_EFFORT));
        assertTrue(Affinity.currentAffinity(none, AffinityMode.BEST_EFFORT).isEmpty());
        assertEquals(-1, Affinity.currentCpu(none, AffinityMode.BEST_EFFORT));
        assertEquals(-1, Affinity.threadId(none, AffinityMode.BEST_EFFORT));
    }

    @Test
    void strictCallsThrowWithTheReason() {
        final AffinityException e = assertThrows(AffinityException.class,
            () -> Affinity.pin(none, CpuSet.of(1), AffinityMode.STRICT));
        assertEquals("Cannot pin a thread to CPUs 1: CPU affinity is unavailable: "
            + "thread affinity is only implemented on Linux; this is Mac OS X", e.getMessage());
        assertThrows(AffinityException.class, () -> Affinity.currentAffinity(none, AffinityMode.STRICT));
        assertThrows(AffinityException.class, () -> Affinity.currentCpu(none, AffinityMode.STRICT));
        assertThrows(AffinityException.class, () -> Affinity.threadId(none, AffinityMode.STRICT));
    }

    @Test
    void probeHonoursTheDisableProperty() {
        final String previous = System.getProperty(Affinity.DISABLE_PROPERTY);
        System.setProperty(Affinity.DISABLE_PROPERTY, "true");
        try {
            final NativeAffinity loaded = NativeAffinities.load();
            assertFalse(loaded.isAvailable());
            assertTrue(loaded.unavailableReason().contains(Affinity.DISABLE_PROPERTY), loaded.unavailableReason());
        } finally {
            if (previous == null) {
                System.clearProperty(Affinity.DISABLE_PROPERTY);
            } else {
                System.setProperty(Affinity.DISABLE_PROPERTY, previous);
            }
        }
    }

    @Test
    void probeNeverThrowsAndAgreesWithFacade() {
        assertEquals(NativeAffinities.LOADED, Affinity.isAvailable());
        assertEquals(Affinity.isAvailable(), Affinity.unavailableReason().isEmpty());
    }

    @Test
    void defaultModeComesFromTheProperty() {
        final String previous = System.getProperty(Affinity.MODE_PROPERTY);
        try {
            System.clearProperty(Affinity.MODE_PROPERTY);
            assertEquals(AffinityMode.BEST_EFFORT, Affinity.defaultMode());
            System.setProperty(Affinity.MODE_PROPERTY, "strict");
            assertEquals(AffinityMode.STRICT, Affinity.defaultMode());
            System.setProperty(Affinity.MODE_PROPERTY, "best-effort");
            assertEquals(AffinityMode.BEST_EFFORT, Affinity.defaultMode());
            System.setProperty(Affinity.MODE_PROPERTY, "sometimes");
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Affinity::defaultMode);
            assertTrue(e.getMessage().contains("strict or best_effort"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty(Affinity.MODE_PROPERTY);
            } else {
                System.setProperty(Affinity.MODE_PROPERTY, previous);
            }
        }
    }

    @Test
    void withoutJnaOnTheClassPathEveryCallIsDocumentedAndNoLinkageErrorEscapes() throws Exception {
        final Path classes = Path.of(Affinity.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        final Path testClasses = Path.of(NoJnaMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        final Path locks = Files.createTempDirectory("ipcsync-nojna-locks");
        try {
            final Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m",
                "-cp", classes + File.pathSeparator + testClasses,
                NoJnaMain.class.getName(), locks.toString())
                .redirectErrorStream(true)
                .start();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "child JVM hung");
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), out);
            assertTrue(out.contains("jnaPresent=false\n"), out);
            assertTrue(out.contains("available=false\n"), out);
            assertTrue(out.contains("reason=JNA is not on the class path (java.lang.NoClassDefFoundError: com/sun/jna/"), out);
            assertTrue(out.contains("pin=false\n"), out);
            assertTrue(out.contains("cpu=-1\n"), out);
            assertTrue(out.contains("mask=\n"), out);
            assertTrue(out.contains("strict=AffinityException\n"), out);
            assertTrue(out.contains("reserved=1\n"), out);
            assertTrue(out.contains("done=true\n"), out);
            assertFalse(out.contains("Exception in thread"), out);
        } finally {
            TestSupport.deleteRecursively(locks);
        }
    }
}
