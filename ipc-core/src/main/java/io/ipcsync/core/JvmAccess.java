package io.ipcsync.core;

/**
 * Checks, once, that the JVM was started with the one flag ipcsync needs, so that a program that
 * forgot it gets a message naming the flag instead of an {@code IllegalAccessError} from deep
 * inside Agrona.
 */
public final class JvmAccess
{
    /**
     * The flag every JVM that opens a channel needs: Agrona's {@code UnsafeBuffer} uses
     * {@code jdk.internal.misc.Unsafe}.
     */
    public static final String REQUIRED_FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

    private static volatile boolean verified;

    private JvmAccess()
    {
    }

    /**
     * Throws unless {@code java.base/jdk.internal.misc} is exported to the module that loaded Agrona.
     *
     * @throws IllegalStateException naming the missing flag and where to put it.
     */
    public static void requireAgronaAccess()
    {
        if (verified)
        {
            return;
        }
        final Module agrona = org.agrona.concurrent.UnsafeBuffer.class.getModule();
        if (!Object.class.getModule().isExported("jdk.internal.misc", agrona))
        {
            throw new IllegalStateException(
                "ipcsync needs the JVM flag " + REQUIRED_FLAG + " (Agrona's UnsafeBuffer uses " +
                "jdk.internal.misc.Unsafe). Add it to the java command line, to JDK_JAVA_OPTIONS, or as " +
                "'Add-Exports: java.base/jdk.internal.misc' in the manifest of a runnable jar.");
        }
        verified = true;
    }
}
