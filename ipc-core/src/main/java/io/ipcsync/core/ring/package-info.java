/**
 * The ring algorithms over a mapped {@link io.ipcsync.core.ChannelFile}: record framing, the
 * per-mode ring state layouts and the code that claims, commits and reads records.
 *
 * <p>Protocol of the byte rings (SPSC, MPSC): a producer writes the message and its type, then
 * stores the record length with release semantics; a consumer loads the length with acquire
 * semantics and reads the record only when it is non-zero, and zeroes what it read before it hands
 * the space back, so the length word after every record is zero until a record is published there
 * ({@link io.ipcsync.core.ring.RingZeroing}). The slot ring of SPMC and MPMC guards each slot with a
 * state word ({@link io.ipcsync.core.ring.SlotRingDescriptor}); the broadcast ring differs again
 * (its producer overwrites records nobody has freed): see
 * {@link io.ipcsync.core.ring.BroadcastRingDescriptor}.
 */
package io.ipcsync.core.ring;
