package io.iris.activities.incident;

import io.iris.activities.remediation.RemediationSettings;
import io.iris.activities.remediation.RemediationSwitch;
import io.iris.activities.remediation.Runbooks;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.incident.EscalationPolicy;
import io.iris.workflows.incident.IncidentRecordActivities;
import io.iris.workflows.incident.IncidentState;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.RemediationPlan;
import io.temporal.spring.boot.ActivityImpl;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.INCIDENT)
public class IncidentRecordActivitiesImpl implements IncidentRecordActivities {

  private static final Logger log = LoggerFactory.getLogger(IncidentRecordActivitiesImpl.class);

  private final IncidentStore incidents;
  private final IncidentSettings settings;
  private final Runbooks runbooks;
  private final RemediationSwitch remediationSwitch;
  private final RemediationSettings remediation;

  public IncidentRecordActivitiesImpl(
      IncidentStore incidents,
      IncidentSettings settings,
      Runbooks runbooks,
      RemediationSwitch remediationSwitch,
      RemediationSettings remediation) {
    this.incidents = incidents;
    this.settings = settings;
    this.runbooks = runbooks;
    this.remediationSwitch = remediationSwitch;
    this.remediation = remediation;
  }

  @Override
  public RemediationPlan remediationPlan(String type, Severity severity, String channel) {
    if (type == null || type.isBlank() || !remediationSwitch.enabled()) {
      return new RemediationPlan(List.of(), remediation.policy());
    }
    return new RemediationPlan(
        runbooks.matching(type, severity, channel == null ? "" : channel), remediation.policy());
  }

  @Override
  public EscalationPolicy escalationPolicy(Severity severity) {
    List<EscalationPolicy.EscalationLevel> levels =
        settings.escalationLevels() == null
            ? List.of()
            : settings.escalationLevels().stream()
                .map(
                    l ->
                        new EscalationPolicy.EscalationLevel(
                            l.name(),
                            l.slackMention() == null ? "" : l.slackMention(),
                            l.pagerDuty()))
                .toList();
    return new EscalationPolicy(
        levels, settings.timeout(severity.wireName()), settings.escalationRepeats());
  }

  @Override
  public void recordIncident(IncidentState state) {
    if (!incidents.record(state)) {
      log.info(
          "incident {}: a write older than the stored row was ignored (timeline at {})",
          state.incidentId(),
          state.timeline().size());
    }
  }

  @Override
  public void recordClosing(
      String incidentId, long mttaMillis, long mttrMillis, String reviewDraft) {
    incidents.recordClosing(UUID.fromString(incidentId), mttaMillis, mttrMillis, reviewDraft);
  }
}
