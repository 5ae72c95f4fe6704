package io.iris.workflows.cost;

import java.util.Objects;

/**
 * One budget threshold crossed in one period; the four key fields make it once.
 *
 * @param scope {@code tenant:{id}} or {@code platform}
 * @param period {@code day} or {@code month}
 * @param periodStart the period's first day (UTC), ISO date
 * @param thresholdPercent the percentage of the budget crossed (75, 90, 100 by default)
 * @param tenantId the tenant, or "" for the platform
 * @param spentUsd the period's spend when it was crossed (plain decimal)
 * @param budgetUsd the budget (plain decimal)
 * @param detail in plain words, as Slack and the audit log say it
 */
public record BudgetAlert(
    String scope,
    String period,
    String periodStart,
    int thresholdPercent,
    String tenantId,
    String spentUsd,
    String budgetUsd,
    String detail) {
  public BudgetAlert {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(periodStart, "periodStart");
    tenantId = tenantId == null ? "" : tenantId;
    detail = detail == null ? "" : detail;
  }
}
