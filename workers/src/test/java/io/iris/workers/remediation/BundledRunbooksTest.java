package io.iris.workers.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.remediation.RunbookCatalog;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.Runbook;
import io.iris.workflows.remediation.VerifyCondition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runbooks the workers jar ships (classpath:runbooks/) load and say what the plan says. */
class BundledRunbooksTest {

  private static RunbookCatalog catalog() {
    return RunbookCatalog.of(RunbookCatalog.load("classpath:runbooks/"));
  }

  @Test
  void givenTheShippedRunbooks_whenLoaded_itShouldLoadAllSixWithoutErrors() {
    List<Runbook> all = catalog().all();

    assertThat(all)
        .extracting(Runbook::name)
        .containsExactly(
            "cost-spike-throttle",
            "latency-failover",
            "noisy-tenant-throttle",
            "provider-failover",
            "queue-backlog-restart",
            "queue-backlog-scale");
    assertThat(all).allSatisfy(r -> assertThat(r.sha256()).hasSize(64));
    assertThat(all).allSatisfy(r -> assertThat(r.source()).startsWith("runbooks/"));
  }

  @Test
  void givenAProviderOutage_whenMatched_itShouldFailOverAndVerifyTheChannelWithNoRollback() {
    List<Runbook> matching = catalog().matching("provider_outage", Severity.CRITICAL, "sms");

    assertThat(matching).extracting(Runbook::name).containsExactly("provider-failover");
    Runbook r = matching.get(0);
    assertThat(r.steps()).extracting(s -> s.action()).containsExactly(RemediationAction.FAILOVER);
    assertThat(r.verify().scope()).isEqualTo(VerifyCondition.Scope.CHANNEL);
    assertThat(r.verify().all())
        .extracting(VerifyCondition.Expression::text)
        .containsExactly("call_success_percent >= 98");
    assertThat(r.verify().whenMeasured())
        .extracting(VerifyCondition.Expression::text)
        .containsExactly("delivery_rate_percent >= 98");
    assertThat(r.rollback()).isEmpty();
  }

  @Test
  void givenALatencySpike_whenMatched_itShouldSettleUntilTheSlowCallsInFlightHaveEnded() {
    List<Runbook> matching = catalog().matching("latency_spike", Severity.HIGH, "sms");

    assertThat(matching).extracting(Runbook::name).containsExactly("latency-failover");
    // The provider call timeout (15s) and one metrics flush (5s): nothing slow from before the
    // move is counted after it.
    assertThat(matching.get(0).settle()).isEqualTo(java.time.Duration.ofSeconds(20));
    assertThat(catalog().matching("provider_outage", Severity.CRITICAL, "sms").get(0).settle())
        .isNull();
  }

  @Test
  void givenACostSpike_whenMatched_itShouldJudgeTheTopCostTenantOverTheLastMinute() {
    List<Runbook> matching = catalog().matching("cost_spike", Severity.MEDIUM, "sms");

    assertThat(matching).extracting(Runbook::name).containsExactly("cost-spike-throttle");
    assertThat(matching.get(0).steps().get(0).params())
        .containsEntry("target", "top_cost_tenant")
        .containsEntry("window", "PT1M");
  }

  @Test
  void givenABacklog_whenMatched_itShouldRestartBeforeItScales() {
    List<Runbook> matching = catalog().matching("task_queue_backlog", Severity.HIGH, "");

    assertThat(matching)
        .extracting(Runbook::name)
        .containsExactly("queue-backlog-restart", "queue-backlog-scale");
    assertThat(matching.get(0).steps().get(0).params()).isEqualTo(Map.of("whenIdleFor", "PT15S"));
    assertThat(matching.get(1).steps().get(0).params()).isEqualTo(Map.of("factor", "2"));
  }

  @Test
  void givenACostSpikeOfMediumSeverity_whenMatched_itShouldThrottleTheTopCostTenant() {
    List<Runbook> matching = catalog().matching("cost_spike", Severity.MEDIUM, "email");

    assertThat(matching).extracting(Runbook::name).containsExactly("cost-spike-throttle");
    assertThat(matching.get(0).steps().get(0).params())
        .containsEntry("target", "top_cost_tenant")
        .containsEntry("ofAverage", "1");
    assertThat(catalog().matching("cost_spike", Severity.LOW, "email")).isEmpty();
  }

  @Test
  void givenANoisyTenant_whenMatched_itShouldThrottleThenNotify() {
    List<Runbook> matching = catalog().matching("noisy_neighbor_volume", Severity.HIGH, "");

    assertThat(matching.get(0).steps())
        .extracting(s -> s.action())
        .containsExactly(RemediationAction.THROTTLE_TENANT, RemediationAction.NOTIFY);
    assertThat(matching.get(0).rollback()).isNull();
  }
}
