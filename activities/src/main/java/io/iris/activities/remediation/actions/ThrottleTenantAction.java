package io.iris.activities.remediation.actions;

import static io.iris.schema.jooq.Tables.MESSAGES;

import io.iris.activities.remediation.RemediationSettings;
import io.iris.activities.remediation.RunbookLoader;
import io.iris.activities.remediation.TenantThrottles;
import io.iris.activities.routing.HealthSettings;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * {@code throttle_tenant}: a {@code tenant_throttles} row for {@code
 * IRIS_REMEDIATION_THROTTLE_DURATION}. The rate is {@code perSecond}, or {@code ofAverage} × the
 * other active tenants' mean rate over the step's {@code window} (default the current window,
 * {@code IRIS_HEALTH_CURRENT_WINDOW}; never under {@code
 * IRIS_REMEDIATION_THROTTLE_MIN_PER_SECOND}). The tenant is the anomaly's, or ({@code target:
 * top_cost_tenant}) the one with the largest cost on the anomaly's channel over the window, if its
 * share reaches {@code minShare}: a short window sees the spike's share, a long one dilutes it with
 * the hours before. The undo removes the row only if this run set it.
 */
@Component
public class ThrottleTenantAction implements ActionRunner {

  private final TenantThrottles throttles;
  private final RemediationSettings settings;
  private final HealthSettings health;
  private final DSLContext db;
  private final Clock clock;

  public ThrottleTenantAction(
      TenantThrottles throttles,
      RemediationSettings settings,
      HealthSettings health,
      DSLContext db,
      Clock clock) {
    this.throttles = throttles;
    this.settings = settings;
    this.health = health;
    this.db = db;
    this.clock = clock;
  }

  @Override
  public RemediationAction action() {
    return RemediationAction.THROTTLE_TENANT;
  }

  /** Each tenant's count and cost over the window, optionally on one channel. */
  private record Volume(UUID tenant, long messages, BigDecimal cost) {}

  @Override
  public StepResult apply(StepCommand command) {
    Map<String, String> p = command.step().params();
    Instant now = clock.instant();
    Duration window = window(command);
    Instant from = now.minus(window);
    boolean topCost = RunbookLoader.TARGET_TOP_COST_TENANT.equals(p.get("target"));
    var volumes =
        db
            .select(MESSAGES.TENANT_ID, DSL.count(), DSL.sum(MESSAGES.COST_USD))
            .from(MESSAGES)
            .where(MESSAGES.CREATED_AT.ge(OffsetDateTime.ofInstant(from, ZoneOffset.UTC)))
            .and(
                topCost && !command.target().channel().isBlank()
                    ? MESSAGES.CHANNEL.eq(command.target().channel())
                    : DSL.trueCondition())
            .groupBy(MESSAGES.TENANT_ID)
            .fetch()
            .stream()
            .map(ThrottleTenantAction::volume)
            .toList();
    UUID tenant;
    if (topCost) {
      Optional<Volume> top = volumes.stream().max((a, b) -> a.cost().compareTo(b.cost()));
      BigDecimal total =
          volumes.stream().map(Volume::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
      if (top.isEmpty() || total.signum() == 0) {
        return ActionRunner.result(
            command, StepOutcome.FAILED, "no tenant has a cost on the channel now", Map.of());
      }
      double share = top.get().cost().doubleValue() / total.doubleValue();
      double minShare = Double.parseDouble(p.getOrDefault("minShare", "0"));
      if (share < minShare) {
        return ActionRunner.result(
            command,
            StepOutcome.FAILED,
            String.format(
                "the top-cost tenant %s has %.0f%% of the cost, under the runbook's %.0f%%",
                top.get().tenant(), share * 100, minShare * 100),
            Map.of());
      }
      tenant = top.get().tenant();
    } else {
      try {
        tenant = UUID.fromString(command.target().tenantId());
      } catch (IllegalArgumentException e) {
        return ActionRunner.result(
            command, StepOutcome.FAILED, "the anomaly names no tenant", Map.of());
      }
    }
    double perSecond;
    if (p.containsKey("perSecond")) {
      perSecond = Double.parseDouble(p.get("perSecond"));
    } else {
      double k = Double.parseDouble(p.getOrDefault("ofAverage", "1"));
      long others = 0;
      int otherTenants = 0;
      for (Volume v : volumes) {
        if (!v.tenant().equals(tenant)) {
          others += v.messages();
          otherTenants++;
        }
      }
      double seconds = Math.max(1, window.toSeconds());
      double mean = otherTenants == 0 ? 0 : others / (double) otherTenants / seconds;
      perSecond = k * mean;
    }
    perSecond = Math.max(perSecond, settings.throttleMinPerSecond());
    int burst =
        p.containsKey("burst")
            ? Integer.parseInt(p.get("burst"))
            : (int) Math.max(1, Math.ceil(perSecond));
    Instant until = now.plus(settings.throttleDuration());
    String reason = "remediation " + command.remediationId() + ": " + command.target().kind();
    throttles.throttle(tenant, perSecond, burst, reason, ActionRunner.source(command), until);
    return ActionRunner.result(
        command,
        StepOutcome.APPLIED,
        String.format(
            "tenant %s throttled to %.3f/s (burst %d) until %s", tenant, perSecond, burst, until),
        Map.of("tenantId", tenant.toString()));
  }

  private static Volume volume(Record3<UUID, Integer, BigDecimal> r) {
    return new Volume(r.value1(), r.value2(), r.value3() == null ? BigDecimal.ZERO : r.value3());
  }

  @Override
  public StepResult undo(StepCommand command) {
    String tenant = command.undoOf() == null ? null : command.undoOf().undo().get("tenantId");
    if (tenant == null) {
      return ActionRunner.result(
          command, StepOutcome.NOTHING_TO_UNDO, "this step set no throttle", Map.of());
    }
    boolean removed = throttles.unthrottle(UUID.fromString(tenant), ActionRunner.source(command));
    return ActionRunner.result(
        command,
        removed ? StepOutcome.ROLLED_BACK : StepOutcome.NOTHING_TO_UNDO,
        removed
            ? "throttle of tenant " + tenant + " removed"
            : "tenant " + tenant + " holds no throttle of this remediation",
        Map.of());
  }

  /** The step parameter: over how long shares and the others' mean rate are measured. */
  public static final String WINDOW = "window";

  Duration window(StepCommand command) {
    String value = command.step().params().get(WINDOW);
    return value == null ? health.currentWindow() : Duration.parse(value);
  }
}
