package io.iris.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * The shape of the Temporal SDKs' published throughput benchmarks: one workflow, one no-op
 * activity. What a workflow costs the engine at the least, measured beside the sends.
 */
@WorkflowInterface
public interface TrivialWorkflow {

  @WorkflowMethod
  String run(String input);

  /** The one activity: returns its input. */
  @ActivityInterface
  interface Noop {
    String echo(String input);
  }

  final class Impl implements TrivialWorkflow {
    private final Noop noop =
        Workflow.newActivityStub(
            Noop.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public String run(String input) {
      return noop.echo(input);
    }
  }

  final class NoopImpl implements Noop {
    @Override
    public String echo(String input) {
      return input;
    }
  }
}
