package io.iris.workers.platform;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.common.WorkflowCatalog;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkflowImplementationOptions;
import org.junit.jupiter.api.Test;

/** The workers register exactly what the catalog lists, each type on its own task queue. */
class WorkflowRegistrationTest {

  private static final WorkflowImplementationOptions OPTIONS =
      WorkflowImplementationOptions.getDefaultInstance();

  @Test
  void givenAWorkerPerTaskQueue_whenRegistered_everyCataloguedTypeShouldBeOnItsQueueOnly() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      WorkerFactory factory = env.getWorkerFactory();
      WorkflowCatalog.taskQueues().forEach(factory::newWorker);

      WorkflowRegistration.register(factory, OPTIONS);

      for (WorkflowCatalog.Entry entry : WorkflowCatalog.ALL) {
        assertThatThrownBy(
                () ->
                    factory
                        .getWorker(entry.taskQueue())
                        .registerWorkflowImplementationTypes(entry.implementation()))
            .as("%s on %s", entry.type(), entry.taskQueue())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(entry.type() + " workflow type is already registered");
        for (String other : WorkflowCatalog.taskQueues()) {
          if (!other.equals(entry.taskQueue())) {
            assertThatCode(
                    () ->
                        factory
                            .getWorker(other)
                            .registerWorkflowImplementationTypes(entry.implementation()))
                .as("%s is not on %s", entry.type(), other)
                .doesNotThrowAnyException();
          }
        }
      }
    }
  }

  @Test
  void givenNoWorkerForATaskQueue_whenRegistered_itShouldNameTheQueue() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      WorkerFactory factory = env.getWorkerFactory();
      String missing = WorkflowCatalog.ALL.get(0).taskQueue();
      WorkflowCatalog.taskQueues().stream()
          .filter(q -> !q.equals(missing))
          .forEach(factory::newWorker);

      assertThatThrownBy(() -> WorkflowRegistration.register(factory, OPTIONS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(missing)
          .hasMessageContaining("spring.temporal.workers");
    }
  }
}
