package io.iris.workflows.remediation;

import java.util.List;
import java.util.Objects;

/**
 * What one detection run changed in {@code anomaly_events}.
 *
 * @param opened anomalies seen for the first time (a new open row each)
 * @param repeated open anomalies seen again
 * @param cleared open anomalies absent for {@code IRIS_ANOMALY_CLEAR_AFTER} runs in a row, now
 *     resolved
 */
public record DetectionOutcome(
    List<Tracked> opened, List<Tracked> repeated, List<Tracked> cleared) {

  public static final DetectionOutcome NONE = new DetectionOutcome(List.of(), List.of(), List.of());

  public DetectionOutcome {
    opened = opened == null ? List.of() : List.copyOf(opened);
    repeated = repeated == null ? List.of() : List.copyOf(repeated);
    cleared = cleared == null ? List.of() : List.copyOf(cleared);
  }

  /** Whether the run changed nothing (not a bean getter, so it is no payload field). */
  public boolean changedNothing() {
    return opened.isEmpty() && repeated.isEmpty() && cleared.isEmpty();
  }

  /**
   * One stored anomaly and the incident it opened.
   *
   * @param incidentId its incident, or "" when it has none (yet)
   */
  public record Tracked(AnomalyRef anomaly, String incidentId) {
    public Tracked {
      Objects.requireNonNull(anomaly, "anomaly");
      incidentId = incidentId == null ? "" : incidentId;
    }

    public boolean hasIncident() {
      return !incidentId.isEmpty();
    }
  }
}
