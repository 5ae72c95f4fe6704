package io.iris.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one "signal, or report that the workflow has ended" helper, against a real test server. */
class WorkflowSignalsTest {

  /** Waits for one word, then ends with it. */
  @WorkflowInterface
  public interface Waiter {
    @WorkflowMethod
    String waitForWord();

    @SignalMethod
    void word(String word);

    @QueryMethod
    String heard();
  }

  public static class WaiterImpl implements Waiter {
    private String heard = "";

    @Override
    public String waitForWord() {
      Workflow.await(() -> !heard.isEmpty());
      return heard;
    }

    @Override
    public void word(String word) {
      heard = word;
    }

    @Override
    public String heard() {
      return heard;
    }
  }

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(WaiterImpl.class)
          .build();

  private static String start(WorkflowClient client, Worker worker) {
    String id = "waiter-" + UUID.randomUUID();
    Waiter waiter =
        client.newWorkflowStub(
            Waiter.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(waiter::waitForWord);
    return id;
  }

  @Test
  void givenARunningWorkflow_whenSignalled_itShouldReportSignalledAndTheWorkflowShouldGetIt(
      WorkflowClient client, Worker worker) {
    String id = start(client, worker);

    WorkflowSignals.Outcome outcome =
        WorkflowSignals.signal(client, Waiter.class, id, w -> w.word("hello"));

    assertThat(outcome).isEqualTo(WorkflowSignals.Outcome.SIGNALLED);
    assertThat(
            WorkflowStub.fromTyped(client.newWorkflowStub(Waiter.class, id))
                .getResult(String.class))
        .isEqualTo("hello");
  }

  @Test
  void givenAWorkflowThatEnded_whenSignalled_itShouldReportEnded(
      WorkflowClient client, Worker worker) {
    String id = start(client, worker);
    WorkflowSignals.signal(client, Waiter.class, id, w -> w.word("first"));
    WorkflowStub.fromTyped(client.newWorkflowStub(Waiter.class, id)).getResult(String.class);

    assertThat(WorkflowSignals.signal(client, Waiter.class, id, w -> w.word("late")))
        .isEqualTo(WorkflowSignals.Outcome.ENDED);
  }

  @Test
  void givenNoSuchWorkflow_whenSignalledOrAsked_itShouldReportEndedAndAnswerNothing(
      WorkflowClient client) {
    String id = "waiter-never-started-" + UUID.randomUUID();

    assertThat(WorkflowSignals.signal(client, Waiter.class, id, w -> w.word("anyone?")))
        .isEqualTo(WorkflowSignals.Outcome.ENDED);
    assertThat(WorkflowSignals.ask(() -> client.newWorkflowStub(Waiter.class, id).heard()))
        .isEmpty();
  }

  @Test
  void givenAWorkflowThatEnded_whenAsked_itShouldStillAnswer(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    String id = start(client, worker);
    WorkflowSignals.signal(client, Waiter.class, id, w -> w.word("kept"));
    WorkflowStub.fromTyped(client.newWorkflowStub(Waiter.class, id)).getResult(String.class);

    assertThat(WorkflowSignals.ask(() -> client.newWorkflowStub(Waiter.class, id).heard()))
        .contains("kept");
  }
}
