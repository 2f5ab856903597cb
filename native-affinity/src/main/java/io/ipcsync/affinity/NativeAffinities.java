package io.ipcsync.affinity;

/**
 * Chooses the {@link NativeAffinity} once per JVM: the Linux implementation if it loads, else
 * the null fallback with the reason. Nothing that JNA or the linker throws escapes from here.
 */
final class NativeAffinities {
    /** The implementation in use. */
    static final NativeAffinity INSTANCE = load();

    /** Whether {@link #INSTANCE} works: the {@code LOADED} probe. */
    static final boolean LOADED = INSTANCE.isAvailable();

    private NativeAffinities() {
    }

    static NativeAffinity load() {
        if (Boolean.getBoolean(Affinity.DISABLE_PROPERTY)) {
            return new NullNativeAffinity("disabled by -D" + Affinity.DISABLE_PROPERTY + "=true");
        }
        final String os = System.getProperty("os.name", "unknown");
        if (!os.startsWith("Linux")) {
            return new NullNativeAffinity("thread affinity is only implemented on Linux; this is " + os);
        }
        try {
            return new LinuxNativeAffinity();
        } catch (final NoClassDefFoundError e) {
            return new NullNativeAffinity("JNA is not on the class path (" + e + "); add net.java.dev.jna:jna to use affinity");
        } catch (final LinkageError e) {
            // UnsatisfiedLinkError: JNA's native part or libc failed to load.
            return new NullNativeAffinity("JNA could not load its native code (" + e + "); check that jna.tmpdir allows"
                + " executables and that the JVM may load native code (--enable-native-access=ALL-UNNAMED)");
        } catch (final RuntimeException e) {
            // IllegalCallerException where native access is denied, NativeAffinityException from the probe calls.
            return new NullNativeAffinity("JNA could not load or the affinity system calls failed when probed: " + e);
        }
    }
}
