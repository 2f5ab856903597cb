/**
 * Runnable programs a new user starts first. {@link io.ipcsync.samples.PipelineDemo} is the one the
 * README's first command runs.
 */
package io.ipcsync.samples;
