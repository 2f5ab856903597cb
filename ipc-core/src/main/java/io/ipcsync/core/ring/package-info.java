/**
 * The ring algorithms over a mapped {@link io.ipcsync.core.ChannelFile}: record framing, the
 * per-mode ring state layouts and the code that claims, commits and reads records.
 *
 * <p>Protocol of every ring: a producer writes the message and its type, zeroes the length word
 * of the next record position, then stores the record length with release semantics; a consumer
 * loads the length with acquire semantics and reads the record only when it is non-zero. Ring
 * memory is never zeroed by the consumer, so cache lines only travel from producer to consumer.
 * The broadcast ring differs (its producer overwrites records nobody has freed): see
 * {@link io.ipcsync.core.ring.BroadcastRingDescriptor}.
 */
package io.ipcsync.core.ring;
