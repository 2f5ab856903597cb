package io.ipcsync.channels.select;

/**
 * Hears from a {@link ChannelSelector} when a channel's poll returned a negative status instead of
 * messages. Called on the selecting thread, from inside {@link ChannelSelector#selectNow()} or
 * {@link ChannelSelector#select}.
 */
@FunctionalInterface
public interface ChannelStatusListener
{
    /**
     * Hears one status. {@link io.ipcsync.channels.ChannelConsumer#CLOSED} and
     * {@link io.ipcsync.channels.ChannelConsumer#PEER_DEAD} end the channel: each channel reports its
     * end exactly once, and the selector polls it no more (its consumer stays open; closing it is the
     * caller's business). Any other negative status (for example a broadcast subscriber that fell
     * behind) is reported each time the channel returns it, and the channel stays in the selection.
     *
     * @param channel the channel's index in the selector.
     * @param status  the negative status its poll returned.
     */
    void onStatus(int channel, int status);
}
