package io.iris.workflows.send;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Reads a batch's recipients page by page and makes their messages. */
@ActivityInterface
public interface BulkActivities {

  /**
   * The sends for recipients {@code offset} to {@code offset + limit - 1}, with their message rows
   * written (idempotently: the message id is derived from the batch id and the position).
   */
  @ActivityMethod
  List<SendRequest> prepareBatchPage(String batchId, int offset, int limit);

  /**
   * Ends {@code cancelled} the messages of a prepared page whose sends were not started because the
   * batch was cancelled meanwhile (only rows still {@code accepted}; idempotent).
   */
  @ActivityMethod
  void cancelUnstarted(String batchId, List<String> messageIds);
}
