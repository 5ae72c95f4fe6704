package io.iris.api.incident;

import io.iris.activities.incident.IncidentOpener;
import io.iris.activities.incident.IncidentStore;
import io.iris.activities.incident.IncidentStore.Incident;
import io.iris.api.problem.ApiProblem;
import io.iris.workflows.common.WorkflowSignals;
import io.iris.workflows.incident.Actor;
import io.iris.workflows.incident.AlertUpdate;
import io.iris.workflows.incident.IncidentWorkflow;
import io.iris.workflows.incident.Severity;
import io.temporal.client.WorkflowClient;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/** Opening incidents (idempotently by dedup key) and acting on them through their workflows. */
@Service
public class IncidentService implements IncidentActions {

  /** An opened (or attached-to) incident. */
  public record Opened(Incident incident, boolean attached) {}

  private final IncidentStore incidents;
  private final IncidentOpener opener;
  private final WorkflowClient client;

  IncidentService(IncidentStore incidents, IncidentOpener opener, WorkflowClient client) {
    this.incidents = incidents;
    this.opener = opener;
    this.client = client;
  }

  /**
   * Opens an incident, or returns the open one with the same dedup key. Its workflow is started
   * with the opening signal-with-start, so an alert always reaches a running incident.
   */
  public Opened open(
      String title,
      Severity severity,
      String service,
      String description,
      Optional<String> dedupKey,
      String source,
      Optional<AlertUpdate> alert) {
    return open(
        title,
        severity,
        service,
        description,
        dedupKey,
        source,
        alert,
        "",
        IncidentOpener.Scope.NONE);
  }

  /**
   * The same, for an incident of a type (runbooks match on it): {@code alertmanager:<name>}, with
   * the scope its runbooks act on.
   */
  public Opened open(
      String title,
      Severity severity,
      String service,
      String description,
      Optional<String> dedupKey,
      String source,
      Optional<AlertUpdate> alert,
      String type,
      IncidentOpener.Scope scope) {
    IncidentOpener.Opened opened =
        opener.open(title, severity, service, description, dedupKey, source, alert, type, scope);
    return new Opened(opened.incident(), opened.attached());
  }

  /** Sends a signal to the incident's workflow. */
  public Outcome signal(String incidentId, Consumer<IncidentWorkflow> signal) {
    UUID id;
    try {
      id = UUID.fromString(incidentId);
    } catch (IllegalArgumentException e) {
      return Outcome.UNKNOWN_INCIDENT;
    }
    if (incidents.find(id).isEmpty()) {
      return Outcome.UNKNOWN_INCIDENT;
    }
    return switch (WorkflowSignals.signal(
        client, IncidentWorkflow.class, IncidentWorkflow.workflowId(incidentId), signal)) {
      case SIGNALLED -> Outcome.SIGNALLED;
      case ENDED -> Outcome.ALREADY_CLOSED;
    };
  }

  /** The same, for the API: 404 for an unknown incident, 409 for a closed one. */
  public void act(UUID incidentId, Consumer<IncidentWorkflow> signal) {
    switch (signal(incidentId.toString(), signal)) {
      case UNKNOWN_INCIDENT -> throw ApiProblem.notFound("incident", incidentId.toString());
      case ALREADY_CLOSED ->
          throw ApiProblem.conflict("Incident '" + incidentId + "' is resolved.");
      case SIGNALLED -> {}
    }
  }

  @Override
  public Outcome acknowledge(String incidentId, String actor, String source) {
    return signal(incidentId, wf -> wf.acknowledge(new Actor(actor, source)));
  }

  @Override
  public Outcome resolve(String incidentId, String actor, String source) {
    return signal(incidentId, wf -> wf.resolve(new Actor(actor, source)));
  }

  @Override
  public Outcome escalate(String incidentId, String actor, String source) {
    return signal(incidentId, wf -> wf.escalate(new Actor(actor, source)));
  }
}
