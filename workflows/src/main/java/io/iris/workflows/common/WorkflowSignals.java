package io.iris.workflows.common;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Client side (the API, activities, the inbound doors; never workflow code): reaching a workflow
 * that may have ended. Temporal refuses a signal to a workflow that is not running (it ended, or
 * never started) with {@link WorkflowNotFoundException}; this is the one place that turns it into
 * an outcome each caller maps to its own answer.
 */
public final class WorkflowSignals {

  /** What became of a signal. */
  public enum Outcome {
    /** The running workflow has it (it handles it in its own time). */
    SIGNALLED,
    /** No run of the workflow is open to take it: it ended, or never started. */
    ENDED
  }

  private WorkflowSignals() {}

  /**
   * Signals the workflow {@code workflowId} of interface {@code type}.
   *
   * @param signal calls one signal method on the stub, e.g. {@code wf -> wf.cancel(reason)}
   */
  public static <W> Outcome signal(
      WorkflowClient client, Class<W> type, String workflowId, Consumer<? super W> signal) {
    W stub = client.newWorkflowStub(type, workflowId);
    try {
      signal.accept(stub);
      return Outcome.SIGNALLED;
    } catch (WorkflowNotFoundException ended) {
      return Outcome.ENDED;
    }
  }

  /**
   * A call that needs the workflow to exist (a query, a description, its history): empty when there
   * is none (it never started, or its history is gone). A query is answered by a workflow that has
   * ended as long as the server keeps its history.
   */
  public static <T> Optional<T> ask(Supplier<T> call) {
    try {
      return Optional.ofNullable(call.get());
    } catch (WorkflowNotFoundException none) {
      return Optional.empty();
    }
  }
}
