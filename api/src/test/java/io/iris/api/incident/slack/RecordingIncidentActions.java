package io.iris.api.incident.slack;

import io.iris.api.incident.IncidentActions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Stands in for the incident signalling: records what it is asked. Tests use fresh incident ids, so
 * they read only their own actions from the shared context.
 */
public class RecordingIncidentActions implements IncidentActions {

  /** Puts the recorder in place of the real implementation. */
  @TestConfiguration(proxyBeanMethods = false)
  public static class Configuration {
    @Bean
    @Primary
    RecordingIncidentActions recordingIncidentActions() {
      return new RecordingIncidentActions();
    }
  }

  public record Action(String name, String incidentId, String actor, String source) {}

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
    return Outcome.SIGNALLED;
  }

  /** What was asked for one incident, in order. */
  public List<Action> forIncident(String incidentId) {
    return actions.stream().filter(a -> a.incidentId().equals(incidentId)).toList();
  }
}
