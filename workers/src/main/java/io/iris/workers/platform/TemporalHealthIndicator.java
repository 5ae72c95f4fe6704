package io.iris.workers.platform;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** Readiness of the Temporal frontend: a real round trip, with a short deadline. */
@Component("temporal")
class TemporalHealthIndicator extends AbstractHealthIndicator {

  private final WorkflowServiceStubs stubs;
  private final TemporalSettings settings;

  TemporalHealthIndicator(WorkflowServiceStubs stubs, TemporalSettings settings) {
    super("Temporal health check failed");
    this.stubs = stubs;
    this.settings = settings;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    GetSystemInfoResponse info =
        stubs
            .blockingStub()
            .withDeadlineAfter(settings.healthTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    builder
        .up()
        .withDetail("target", settings.embedded() ? "in-process" : settings.target())
        .withDetail("namespace", settings.namespace())
        .withDetail("serverVersion", info.getServerVersion());
  }
}
