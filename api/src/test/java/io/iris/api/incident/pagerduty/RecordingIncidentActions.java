package io.iris.api.incident.pagerduty;

import io.iris.api.incident.IncidentActions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Stands in for the incident signalling: records what it is asked, and answers {@code
 * UNKNOWN_INCIDENT} for ids starting with {@code unknown-}. Tests use fresh incident ids, so each
 * reads only its own actions.
 */
class RecordingIncidentActions implements IncidentActions {

  static final String UNKNOWN_PREFIX = "unknown-";

  @TestConfiguration(proxyBeanMethods = false)
  static class Config {
    @Bean
    @Primary
    RecordingIncidentActions pagerDutyTestIncidentActions() {
      return new RecordingIncidentActions();
    }
  }

  record Action(String name, String incidentId, String actor, String source) {}

  private final List<Action> actions = new CopyOnWriteArrayList<>();

  @Override
  public Outcome acknowledge(String incidentId, String actor, String source) {
    return record("acknowledge", incidentId, actor, source);
  }

  @Override
  public Outcome resolve(String incidentId, String actor, String source) {
    return record("resolve", incidentId, actor, source);
  }

  @Override
  public Outcome escalate(String incidentId, String actor, String source) {
    return record("escalate", incidentId, actor, source);
  }

  private Outcome record(String name, String incidentId, String actor, String source) {
    actions.add(new Action(name, incidentId, actor, source));
    return incidentId.startsWith(UNKNOWN_PREFIX) ? Outcome.UNKNOWN_INCIDENT : Outcome.SIGNALLED;
  }

  /** What was asked for one incident, in order. */
  List<Action> forIncident(String incidentId) {
    return actions.stream().filter(a -> a.incidentId().equals(incidentId)).toList();
  }
}
