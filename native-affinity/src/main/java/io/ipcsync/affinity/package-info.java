/**
 * io.ipcsync.affinity.
 */
package io.ipcsync.affinity;
