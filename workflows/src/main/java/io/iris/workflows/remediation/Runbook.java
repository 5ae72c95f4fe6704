package io.iris.workflows.remediation;

import io.iris.workflows.incident.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A runbook as loaded (and validated) from {@code runbooks/<name>.yaml}: which incidents it fixes
 * and how. It travels to the workflows as data, so a later edit of the file cannot change a
 * remediation that is running.
 *
 * @param name the file name without {@code .yaml}: {@code [a-z0-9-]{1,40}}; part of the workflow id
 * @param order lower runs first among the runbooks that match an incident; ties by name
 * @param requiresApproval a human approves before the first step
 * @param steps what it does, in order
 * @param stabilizationWait how long after the steps the fresh metrics are taken; {@code null}: the
 *     configured {@code IRIS_REMEDIATION_STABILIZATION_WAIT}
 * @param verify what must hold then
 * @param rollback the steps that undo it when verification fails; {@code null}: undo the applied
 *     steps in reverse; empty: nothing is undone
 * @param source where it was loaded from (e.g. {@code runbooks/provider-failover.yaml})
 * @param sha256 the file's digest, recorded with each run
 * @param settle how long after the steps before the verification's mark (what was under way drains
 *     and is flushed first: a slow provider's calls in flight when it was failed over); {@code
 *     null}: the configured {@code IRIS_REMEDIATION_SETTLE}
 */
public record Runbook(
    String name,
    String description,
    Trigger trigger,
    int order,
    boolean requiresApproval,
    List<RunbookStep> steps,
    Duration stabilizationWait,
    VerifyCondition verify,
    List<RunbookStep> rollback,
    String source,
    String sha256,
    Duration settle) {

  /** A runbook that settles for the configured time (as runbooks did before {@code settle}). */
  public Runbook(
      String name,
      String description,
      Trigger trigger,
      int order,
      boolean requiresApproval,
      List<RunbookStep> steps,
      Duration stabilizationWait,
      VerifyCondition verify,
      List<RunbookStep> rollback,
      String source,
      String sha256) {
    this(
        name,
        description,
        trigger,
        order,
        requiresApproval,
        steps,
        stabilizationWait,
        verify,
        rollback,
        source,
        sha256,
        null);
  }

  public Runbook {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(trigger, "trigger");
    steps = List.copyOf(steps);
    Objects.requireNonNull(verify, "verify");
    rollback = rollback == null ? null : List.copyOf(rollback);
    description = description == null ? "" : description;
    source = source == null ? "" : source;
    sha256 = sha256 == null ? "" : sha256;
  }

  /**
   * Which incidents it fixes.
   *
   * @param types incident types: anomaly types ({@code provider_outage}) or {@code
   *     alertmanager:<alertname>}
   * @param minSeverity the least severe incident it runs for
   * @param channels the channels it runs for (wire names); empty: any
   */
  public record Trigger(List<String> types, Severity minSeverity, List<String> channels) {
    public Trigger {
      types = List.copyOf(types);
      Objects.requireNonNull(minSeverity, "minSeverity");
      channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /** Whether an incident of this type, severity and channel ("" when none) is one it fixes. */
    public boolean matches(String type, Severity severity, String channel) {
      return types.contains(type)
          && severity.ordinal() <= minSeverity.ordinal() // CRITICAL is ordinal 0
          && (channels.isEmpty() || channels.contains(channel));
    }
  }
}
