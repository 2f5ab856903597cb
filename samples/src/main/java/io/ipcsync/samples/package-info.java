/**
 * io.ipcsync.samples.
 */
package io.ipcsync.samples;
