package io.ipcsync.core.jcstress;

/**
 * Message contents. Every byte of each value is non-zero and differs from the others, so a
 * torn read, a zeroed word or a stale lap shows up as another number.
 */
final class Values
{
    /** First long of a message. */
    static final long FIRST = 1111111111111111111L;
    /** Second long of a message. */
    static final long SECOND = 2222222222222222222L;
    /** A long of a newer message that overwrites older space. */
    static final long NEWER = 3333333333333333333L;
    /** The byte that fills the messages written while setting a ring up. */
    static final byte OLD_FILL = 0x5A;
    /** A long whose 8 bytes are all {@link #OLD_FILL}. */
    static final long OLD = 0x5A5A5A5A5A5A5A5AL;

    private Values()
    {
    }
}
