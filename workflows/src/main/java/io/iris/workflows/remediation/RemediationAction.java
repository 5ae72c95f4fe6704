package io.iris.workflows.remediation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a runbook step can do. */
public enum RemediationAction {
  /** Fail the anomaly's provider over on its channel, through the routing failover path. */
  FAILOVER,
  /** Limit the anomaly's tenant's send rate for a while (the API answers 429 over it). */
  THROTTLE_TENANT,
  /** Refuse a client address before authentication for a while. */
  BLOCK_IP,
  /** Raise our own workers' activity concurrency on a task queue (and call a scaler hook). */
  SCALE_WORKERS,
  /** Restart our workers' polling on a task queue. */
  RESTART_WORKER,
  /** Drop the platform's in-process caches (routing trips, breaker windows) and reload them. */
  CLEAR_CACHE,
  /** Post to Slack (the incident's thread); never pages. */
  NOTIFY,
  /** Wait for a human's approval in Slack or the API before the next step. */
  REQUIRE_APPROVAL;

  /** The name runbooks and the API use: {@code throttle_tenant}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<RemediationAction> fromWire(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
  }
}
