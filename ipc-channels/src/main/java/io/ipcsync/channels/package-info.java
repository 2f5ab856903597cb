/**
 * The channel API: open a producer or a consumer of a named channel with {@link io.ipcsync.channels.Channels},
 * then offer, claim and poll messages. Every mode works between threads of one process and between
 * processes with the same calls.
 *
 * <p>Full and empty are return values ({@code false}, a negative claim code, {@code 0} messages);
 * exceptions mean misuse or a peer that is gone. Nothing on the send or receive path allocates.
 */
package io.ipcsync.channels;
