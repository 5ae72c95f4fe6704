package io.iris.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The anchor against Temporal's test server: every workflow completes with its own input, the
 * figures add up, bad options are refused by name; and its committed history replays.
 */
class TrivialBenchmarkTest {

  @Test
  void givenWorkflows_whenRun_eachShouldCompleteAndTheRateFollow() throws Exception {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      env.start();
      TrivialBenchmark.Result r =
          TrivialBenchmark.run(env.getWorkflowClient(), "trivial-test", 40, 8);
      assertThat(r.workflows()).isEqualTo(40);
      assertThat(r.seconds()).isPositive();
      assertThat(r.perSecond()).isEqualTo(40 / r.seconds());
      assertThat(r.json()).startsWith("{\"workflows\":40,\"concurrency\":8,\"seconds\":");
    }
  }

  @Test
  void givenBadOptions_theyShouldBeRefusedByName() {
    assertThatThrownBy(() -> TrivialBenchmark.Options.parse(new String[] {"--workflows", "0"}))
        .hasMessageContaining("--workflows must be a whole number above 0");
    assertThatThrownBy(() -> TrivialBenchmark.Options.parse(new String[] {"--speed", "9"}))
        .hasMessageContaining("unknown option --speed");
    assertThat(
            TrivialBenchmark.Options.parse(new String[] {"--target", "h:1", "--concurrency", "4"}))
        .isEqualTo(new TrivialBenchmark.Options("h:1", "default", 800, 4, "iris-bench-trivial"));
  }

  @Test
  void theCommittedHistoryShouldReplay() throws Exception {
    Path history = Path.of("src/test/resources/histories/TrivialWorkflow/trivial-completed.json");
    if (Boolean.getBoolean("iris.recordHistories")) {
      try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
        Worker worker = env.newWorker("trivial-record");
        worker.registerWorkflowImplementationTypes(TrivialWorkflow.Impl.class);
        worker.registerActivitiesImplementations(new TrivialWorkflow.NoopImpl());
        env.start();
        WorkflowClient client = env.getWorkflowClient();
        TrivialWorkflow wf =
            client.newWorkflowStub(
                TrivialWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("trivial-record")
                    .setTaskQueue("trivial-record")
                    .build());
        assertThat(wf.run("x")).isEqualTo("x");
        Files.createDirectories(history.getParent());
        Files.writeString(history, client.fetchHistory("trivial-record").toJson(true));
      }
    }
    WorkflowReplayer.replayWorkflowExecution(Files.readString(history), TrivialWorkflow.Impl.class);
  }
}
