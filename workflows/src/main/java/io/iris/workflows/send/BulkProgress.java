package io.iris.workflows.send;

/**
 * How far a batch is. Final outcomes per message are read from the messages themselves.
 *
 * @param started sends started so far
 * @param cancelled the batch was cancelled; sends not started by then never will be
 * @param done every recipient was started, or the batch was cancelled
 */
public record BulkProgress(
    String batchId, int total, int started, boolean cancelled, boolean done) {}
