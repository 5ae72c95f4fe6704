package io.iris.workflows.send;

/**
 * A batch to send, and where an earlier run of the workflow left off (continue-as-new).
 *
 * @param batchId the batch's id; the workflow id is {@code bulk-{batchId}}
 * @param total how many recipients the batch has
 * @param pageSize how many sends are started together before the next page
 * @param pagesPerRun pages handled before the workflow continues as new, keeping history small
 * @param startedSoFar recipients already started by earlier runs
 */
public record BulkSendRequest(
    String batchId,
    String tenantId,
    Channel channel,
    int total,
    int pageSize,
    int pagesPerRun,
    int startedSoFar) {}
