package io.ipcsync.core.ring;

/**
 * The size of the padding a final class declares after the hot fields it inherits, so that objects
 * allocated after it never share a cache line with them: 16 longs, 128 bytes, two cache lines
 * (the adjacent-line prefetcher moves lines in pairs).
 */
final class RightPadding
{
    /** Bytes of padding on each side of hot fields. */
    static final int BYTES = 128;

    private RightPadding()
    {
    }
}
