package io.ipcsync.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags each library needs, written once so the JMH forks ({@code @Fork(jvmArgsAppend)})
 * and the child JVMs of the latency harness use the same ones.
 *
 * <p>Each flag is a single {@code --option=value} token so it can sit in an annotation array and in
 * a {@link ProcessBuilder} command alike.
 */
public final class JvmFlags
{
    /** Fixed heap, committed and touched up front, so no fork grows its heap while measuring. */
    public static final String XMS = "-Xms1g";
    /** See {@link #XMS}. */
    public static final String XMX = "-Xmx1g";
    /** See {@link #XMS}. */
    public static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

    /** Agrona 2.x {@code UnsafeBuffer} reaches {@code jdk.internal.misc.Unsafe} (so do Aeron and ipcsync). */
    public static final String AGRONA = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    /** Chronicle Queue: without the reflection opens it silently falls back to a read-only queue. */
    public static final String CHRONICLE_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    /** Chronicle Queue / Bytes: unmapping and file channels. */
    public static final String CHRONICLE_NIO_CH_EXPORT = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Chronicle Queue / Bytes: cleaners of mapped regions. */
    public static final String CHRONICLE_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    /** Chronicle Bytes {@code MappedBytes}. */
    public static final String CHRONICLE_NIO_CH_OPEN = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Chronicle Bytes {@code MappedBytes}. */
    public static final String CHRONICLE_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    /** Chronicle Bytes {@code MappedBytes}. */
    public static final String CHRONICLE_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    /** Keeps Chronicle from writing analytics files into the home directory. */
    public static final String CHRONICLE_NO_ANALYTICS = "-Dchronicle.analytics.disable=true";

    /** JDK 23+: silences the {@code sun.misc.Unsafe} deprecation warnings (JCTools, Chronicle); JDK 17 rejects it. */
    public static final String UNSAFE_ALLOW = "--sun-misc-unsafe-memory-access=allow";
    /** JDK 22+: silences native-access warnings; JDK 17 rejects it as an unknown module flag. */
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private JvmFlags()
    {
    }

    /**
     * The heap flags every measuring JVM gets.
     *
     * @return {@link #XMS}, {@link #XMX}, {@link #PRE_TOUCH}.
     */
    public static List<String> heap()
    {
        return List.of(XMS, XMX, PRE_TOUCH);
    }

    /**
     * Everything Chronicle Queue needs, including {@link #CHRONICLE_NO_ANALYTICS}.
     *
     * @return the Chronicle flags.
     */
    public static List<String> chronicle()
    {
        return List.of(
            CHRONICLE_REFLECT, CHRONICLE_NIO_CH_EXPORT, CHRONICLE_REF, CHRONICLE_NIO_CH_OPEN,
            CHRONICLE_LANG, CHRONICLE_NIO, CHRONICLE_NO_ANALYTICS);
    }

    /**
     * Flags that only quieten newer JDKs, for the running JDK: empty on 17, warnings silenced on 23+.
     * A child JVM runs the same {@code java} binary as this one, so this JVM's version decides.
     *
     * @return flags to add in front of every child JVM's own flags.
     */
    public static List<String> forRunningJdk()
    {
        final List<String> flags = new ArrayList<>();
        if (Runtime.version().feature() >= 23)
        {
            flags.add(UNSAFE_ALLOW);
            flags.add(NATIVE_ACCESS);
        }
        return flags;
    }
}
