package io.iris.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.send.MessageSendWorkflowImpl;
import io.iris.workflows.send.MessageState;
import io.iris.workflows.send.SendRequest;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the committed histories of every catalogued workflow type ({@link WorkflowCatalog},
 * {@code histories/<WorkflowType>/}) against today's workflow code: a change that would break
 * running workflows fails here. Refresh them only with a Workflow.getVersion branch, by running the
 * workflow tests with -Diris.recordHistories=true.
 */
class ReplayTest {

  static Stream<Arguments> histories() {
    List<Arguments> all =
        WorkflowCatalog.ALL.stream()
            .flatMap(e -> Histories.of(e.type()).stream().map(h -> Arguments.of(e.type(), h)))
            .toList();
    assertThat(all).as("committed histories").isNotEmpty();
    return all.stream();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("histories")
  void givenACommittedHistory_whenReplayed_itShouldMatchTheCurrentCode(String type, String history)
      throws Exception {
    assertThat(Histories.typeOf(Histories.read(history)))
        .as("the workflow type of %s (its folder says %s)", history, type)
        .isEqualTo(type);
    replay(history, WorkflowCatalog.implementations());
  }

  /** Replays on a worker registered as the workers register workflows (with their options). */
  static void replay(String resource, Class<?>... workflows) throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("replay");
      worker.registerWorkflowImplementationTypes(TestDependencyRetry.OPTIONS, workflows);
      WorkflowReplayer.replayWorkflowExecutionFromResource(resource, worker);
    }
  }

  @Test
  void givenEveryCataloguedWorkflowType_itShouldHaveACommittedHistory() {
    for (WorkflowCatalog.Entry entry : WorkflowCatalog.ALL) {
      assertThat(Histories.of(entry.type()))
          .as("committed histories of %s (histories/%s/)", entry.type(), entry.type())
          .isNotEmpty();
    }
  }

  @Test
  void givenTheHistoriesFolder_everyHistoryShouldBeInTheFolderOfACataloguedType() {
    assertThat(Histories.types())
        .as("history folders, each replayed only if its type is catalogued")
        .isSubsetOf(WorkflowCatalog.ALL.stream().map(WorkflowCatalog.Entry::type).toList());
    assertThat(Histories.loose()).as("histories outside a type's folder").isEmpty();
  }

  /**
   * The send workflow with a timer added before its first step: a change that breaks running sends.
   */
  public static class DelayedSend extends MessageSendWorkflowImpl {
    @Override
    public MessageState send(SendRequest request) {
      Workflow.sleep(Duration.ofSeconds(1));
      return super.send(request);
    }
  }

  @Test
  void givenAnIncompatibleChange_whenReplayed_itShouldBeCaught() {
    assertThatThrownBy(
            () -> replay("histories/MessageSendWorkflow/send-delivered.json", DelayedSend.class))
        .hasStackTraceContaining("NonDeterministicException");
  }
}
