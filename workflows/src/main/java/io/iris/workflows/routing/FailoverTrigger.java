package io.iris.workflows.routing;

import java.util.Locale;

/** What failed a provider over (seed 000 §3.2: performFailover's callers). */
public enum FailoverTrigger {
  /**
   * The per-process breaker: too many of a provider's last calls failed within the breaker window.
   */
  BREAKER,
  /** The health evaluation's outage rule: a low delivery rate over enough attempts. */
  OUTAGE,
  /** The health evaluation's score rule: the current overall score fell below the threshold. */
  SCORE,
  /** An operator, through {@code POST /v1/providers/{name}/failover}. */
  MANUAL,
  /** A remediation's {@code failover} step (a runbook, for an incident). */
  REMEDIATION,
  /**
   * The cost-optimization cycle's provider switch: the providers ahead of a cheaper one step aside
   * (no fail-back workflow: the opportunity's own workflow reverts it).
   */
  COST;

  /** The lowercase name the audit details and the API use. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
