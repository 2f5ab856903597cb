/**
 * io.ipcsync.channels.
 */
package io.ipcsync.channels;
