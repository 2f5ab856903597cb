/**
 * Receiving from many channels on one thread: a {@link io.ipcsync.channels.select.ChannelSelector}
 * polls any mix of {@link io.ipcsync.channels.ChannelConsumer}s, fairly by default, and reports
 * each channel's end once.
 */
package io.ipcsync.channels.select;
