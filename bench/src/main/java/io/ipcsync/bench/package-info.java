/**
 * io.ipcsync.bench.
 */
package io.ipcsync.bench;
