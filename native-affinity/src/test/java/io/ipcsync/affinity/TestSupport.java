package io.ipcsync.affinity;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/** Helpers shared by the tests: a second route to the kernel, threads, and clean-up. */
final class TestSupport {
    /** {@code SYS_gettid} on x86_64. */
    static final int SYS_GETTID_X86_64 = 186;

    private TestSupport() {
    }

    /** The C library through interface mapping, independent of the code under test. */
    interface CLib extends Library {
        NativeLong syscall(NativeLong number, Object... args);

        int gettid();
    }

    /** The kernel thread id of the calling thread, found without the code under test. */
    static int gettidIndependently() {
        final CLib libc = Native.load(Platform.C_LIBRARY_NAME, CLib.class);
        if (Platform.isIntel() && Platform.is64Bit()) {
            return libc.syscall(new NativeLong(SYS_GETTID_X86_64)).intValue();
        }
        return libc.gettid();
    }

    /** {@code Cpus_allowed_list} of one thread, as {@code /proc/self/task/<tid>/status} reports it. */
    static CpuSet procCpusAllowed(final int tid) throws IOException {
        final List<String> lines = Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status"));
        for (final String line : lines) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return CpuSet.parse(line.substring("Cpus_allowed_list:".length()));
            }
        }
        throw new AssertionError("no Cpus_allowed_list in /proc/self/task/" + tid + "/status");
    }

    /** Something a test thread runs. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Runs {@code body} on a fresh thread, so that pinning never leaks into the test runner's thread. */
    static void onNewThread(final ThrowingRunnable body) throws Exception {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (final Throwable t) {
                failure.set(t);
            }
        }, "affinity-test");
        thread.start();
        thread.join(10_000);
        if (thread.isAlive()) {
            thread.interrupt();
            throw new AssertionError("test thread did not finish within 10 s");
        }
        final Throwable t = failure.get();
        if (t instanceof Exception) {
            throw (Exception) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
    }

    /** Deletes a directory tree that a test created. */
    static void deleteRecursively(final Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toArray(Path[]::new)) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A recorded sysfs tree from the test resources. */
    static Path sysfs(final String shape) {
        try {
            return Path.of(TestSupport.class.getResource("/sysfs/" + shape).toURI());
        } catch (final java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
