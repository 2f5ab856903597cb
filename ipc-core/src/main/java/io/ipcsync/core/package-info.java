/**
 * io.ipcsync.core.
 */
package io.ipcsync.core;
