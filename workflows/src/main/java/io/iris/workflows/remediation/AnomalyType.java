package io.iris.workflows.remediation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of anomaly the detection Schedule looks for (seed 000 §3.1, plus our own two). */
public enum AnomalyType {
  /** Delivery rate under 95% on a channel and provider where over 98% is expected (critical). */
  DELIVERY_RATE_DROP,
  /** p95 call latency over 3× the channel's threshold (high). */
  LATENCY_SPIKE,
  /** Hourly cost over 1.2× the forecast (medium). */
  COST_SPIKE,
  /** Delivery rate more than 2 standard deviations under the 7-day baseline (high). */
  DELIVERY_RATE_ANOMALY,
  /** Under 80% delivery over more than 100 attempts in 5 minutes, or a breaker trip (critical). */
  PROVIDER_OUTAGE,
  /** A task queue's oldest waiting task has waited too long (schedule-to-start latency; high). */
  TASK_QUEUE_BACKLOG,
  /** One tenant sending 10× the average of the others (high). */
  NOISY_NEIGHBOR_VOLUME;

  /** The name in the API, the database and runbook triggers: {@code provider_outage}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AnomalyType> fromWire(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
  }
}
