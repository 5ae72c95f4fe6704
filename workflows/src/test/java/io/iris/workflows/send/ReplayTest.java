package io.iris.workflows.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.common.TestDependencyRetry;
import io.iris.workflows.common.WorkflowCatalog;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the committed histories against today's workflow code: a change that would break running
 * workflows fails here. Refresh them only with a Workflow.getVersion branch, by running the
 * workflow tests with -Diris.recordHistories=true.
 */
class ReplayTest {

  static Stream<String> histories() throws IOException {
    try (Stream<Path> files = Files.list(Histories.DIR)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .sorted()
              .toList();
      assertThat(names).as("committed histories").isNotEmpty();
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("histories")
  void givenACommittedHistory_whenReplayed_itShouldMatchTheCurrentCode(String file)
      throws Exception {
    replay("histories/" + file, WorkflowCatalog.IMPLEMENTATIONS.toArray(Class<?>[]::new));
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
  void givenEveryWorkflowType_thereShouldBeACommittedHistory() throws IOException {
    try (Stream<String> names = histories()) {
      List<String> all = names.toList();
      assertThat(all).anyMatch(n -> n.startsWith("send-"));
      assertThat(all).anyMatch(n -> n.startsWith("bulk-"));
      assertThat(all).anyMatch(n -> n.startsWith("incident-"));
      assertThat(all).anyMatch(n -> n.startsWith("reconcile-"));
    }
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
    assertThatThrownBy(() -> replay("histories/send-delivered.json", DelayedSend.class))
        .hasStackTraceContaining("NonDeterministicException");
  }
}
