package io.iris.activities.incident.pagerduty;

import com.github.dikhan.pagerduty.client.events.PagerDutyEventsClient;
import com.github.dikhan.pagerduty.client.events.domain.AcknowledgeIncident;
import com.github.dikhan.pagerduty.client.events.domain.AcknowledgeIncident.AcknowledgeIncidentBuilder;
import com.github.dikhan.pagerduty.client.events.domain.EventResult;
import com.github.dikhan.pagerduty.client.events.domain.LinkContext;
import com.github.dikhan.pagerduty.client.events.domain.Payload;
import com.github.dikhan.pagerduty.client.events.domain.ResolveIncident;
import com.github.dikhan.pagerduty.client.events.domain.ResolveIncident.ResolveIncidentBuilder;
import com.github.dikhan.pagerduty.client.events.domain.TriggerIncident;
import com.github.dikhan.pagerduty.client.events.domain.TriggerIncident.TriggerIncidentBuilder;
import com.github.dikhan.pagerduty.client.events.exceptions.NotifyEventException;
import io.iris.activities.incident.IncidentLinks;
import io.iris.integrations.pagerduty.PagerDutyEventsClients;
import io.iris.integrations.pagerduty.PagerDutySettings;
import io.iris.integrations.spi.SelfUrls;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.incident.IncidentSnapshot;
import io.iris.workflows.incident.PagerDutyActivities;
import io.iris.workflows.incident.Severity;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.json.JSONObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * PagerDuty Events API v2 through the {@code pagerduty-client} library, with {@code dedup_key} =
 * incident id and the same routing key for trigger, acknowledge and resolve (PagerDuty drops an
 * acknowledge or resolve sent with another key).
 *
 * <p>Every answer is checked: 2xx is done; 400 (and any other 4xx but 408 and 429) is a permanent
 * {@value PagerDutyFailures#REJECTED}; 429, 408, 5xx and transport errors are a retryable {@value
 * PagerDutyFailures#UNAVAILABLE} (after a 429, with {@code iris.pagerduty.rate-limit-retry-delay}
 * as the next delay). The library never retries by itself here; the activity's retry policy does.
 * The routing key is never logged nor put in a failure.
 */
@Component
@ActivityImpl(taskQueues = TaskQueues.INCIDENT)
public class PagerDutyActivitiesImpl implements PagerDutyActivities {

  private static final Logger log = LoggerFactory.getLogger(PagerDutyActivitiesImpl.class);

  /** Events API v2 limit on {@code payload.summary}. */
  static final int MAX_SUMMARY_LENGTH = 1024;

  /** The {@code client} of triggered events: shown by PagerDuty beside {@code client_url}. */
  static final String CLIENT = "IRIS Command Center";

  /** How much of an unexpected answer goes into a failure message. */
  private static final int MAX_ANSWER_EXCERPT = 300;

  private final PagerDutySettings settings;
  private final PagerDutyEventsClients clients;
  private final IncidentLinks links;
  private final SelfUrls selfUrls;

  public PagerDutyActivitiesImpl(
      PagerDutySettings settings,
      PagerDutyEventsClients clients,
      IncidentLinks links,
      SelfUrls selfUrls) {
    this.settings = settings;
    this.clients = clients;
    this.links = links;
    this.selfUrls = selfUrls;
  }

  @Override
  public void trigger(IncidentSnapshot incident) {
    String routingKey = routingKey();
    TriggerIncident event;
    try {
      TriggerIncidentBuilder builder =
          TriggerIncidentBuilder.newBuilder(routingKey, payload(incident))
              .setDedupKey(incident.incidentId())
              .setClient(CLIENT);
      this.links.incident(incident).ifPresent(builder::setClientUrl);
      List<LinkContext> links = links(incident);
      if (!links.isEmpty()) {
        builder.setLinks(links);
      }
      event = builder.build();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw invalid("trigger", incident, e);
    }
    send("trigger", incident, client -> client.trigger(event));
  }

  @Override
  public void acknowledge(IncidentSnapshot incident) {
    String routingKey = routingKey();
    AcknowledgeIncident event =
        build("acknowledge", incident, () -> acknowledgeEvent(routingKey, incident));
    send("acknowledge", incident, client -> client.acknowledge(event));
  }

  @Override
  public void resolve(IncidentSnapshot incident) {
    String routingKey = routingKey();
    ResolveIncident event = build("resolve", incident, () -> resolveEvent(routingKey, incident));
    send("resolve", incident, client -> client.resolve(event));
  }

  private static AcknowledgeIncident acknowledgeEvent(
      String routingKey, IncidentSnapshot incident) {
    return AcknowledgeIncidentBuilder.newBuilder(routingKey, incident.incidentId()).build();
  }

  private static ResolveIncident resolveEvent(String routingKey, IncidentSnapshot incident) {
    return ResolveIncidentBuilder.newBuilder(routingKey, incident.incidentId()).build();
  }

  private interface EventBuild<T> {
    T build();
  }

  private static <T> T build(String action, IncidentSnapshot incident, EventBuild<T> build) {
    try {
      return build.build();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw invalid(action, incident, e);
    }
  }

  /** One call to PagerDuty. */
  private interface EventCall {
    EventResult send(PagerDutyEventsClient client) throws NotifyEventException;
  }

  private void send(String action, IncidentSnapshot incident, EventCall call) {
    String id = incident.incidentId();
    EventResult result;
    try {
      result = call.send(clients.forUrl(selfUrls.resolve(settings.eventsUrl())));
    } catch (NotifyEventException | RuntimeException e) {
      // No usable answer: refused or dropped connection, timeout, or a body that is not JSON
      // (an HTML error page from a proxy, for instance).
      String message =
          "PagerDuty " + action + " of incident " + id + ": no usable answer (" + cause(e) + ")";
      log.warn(message);
      throw ApplicationFailure.newFailureWithCause(message, PagerDutyFailures.UNAVAILABLE, e);
    }
    Answer answer = Answer.of(result);
    switch (answer.kind()) {
      case ACCEPTED -> log.info("incident {}: PagerDuty {} accepted", id, action);
      case REJECTED -> {
        String message = "PagerDuty rejected the " + action + " of incident " + id + ": " + answer;
        log.warn(message);
        throw ApplicationFailure.newNonRetryableFailure(message, PagerDutyFailures.REJECTED);
      }
      case RATE_LIMITED -> {
        String message =
            "PagerDuty rate-limited the " + action + " of incident " + id + ": " + answer;
        log.warn("{}; next try in {}", message, settings.rateLimitRetryDelay());
        throw ApplicationFailure.newFailureWithCauseAndDelay(
            message, PagerDutyFailures.UNAVAILABLE, null, settings.rateLimitRetryDelay());
      }
      case UNAVAILABLE -> {
        String message = "PagerDuty failed the " + action + " of incident " + id + ": " + answer;
        log.warn(message);
        throw ApplicationFailure.newFailure(message, PagerDutyFailures.UNAVAILABLE);
      }
    }
  }

  /** What PagerDuty's answer means, read from the library's {@link EventResult}. */
  record Answer(Kind kind, OptionalInt httpStatus, String status, String detail) {

    enum Kind {
      ACCEPTED,
      REJECTED,
      RATE_LIMITED,
      UNAVAILABLE
    }

    /**
     * The library reports a 2xx as a success result carrying the body's {@code status} ("success")
     * and {@code dedup_key}; a 400 as an error result carrying the body's {@code status} ("invalid
     * event"), {@code message} and {@code errors}; and every other status as an error result whose
     * status is the HTTP code and whose errors are the raw body.
     */
    static Answer of(EventResult result) {
      if (result == null) {
        return new Answer(Kind.UNAVAILABLE, OptionalInt.empty(), "", "no result");
      }
      String status = result.getStatus() == null ? "" : result.getStatus();
      OptionalInt http = httpCode(status);
      if (http.isPresent()) {
        int code = http.getAsInt();
        Kind kind;
        if (code >= 200 && code < 300) {
          kind = Kind.ACCEPTED;
        } else if (code == 429) {
          kind = Kind.RATE_LIMITED;
        } else if (code == 408 || code >= 500 || code < 400) {
          kind = Kind.UNAVAILABLE;
        } else {
          kind = Kind.REJECTED;
        }
        return new Answer(kind, http, status, excerpt(result.getErrors()));
      }
      String message = result.getMessage() == null ? "" : result.getMessage();
      String errors = result.getErrors() == null ? "" : result.getErrors();
      if (result.getErrors() == null
          && ("success".equalsIgnoreCase(status) || result.getDedupKey() != null)) {
        return new Answer(Kind.ACCEPTED, OptionalInt.empty(), status, "");
      }
      if (status.isEmpty() && message.isEmpty() && errors.isEmpty()) {
        // A 2xx or a 400 without PagerDuty's body: nothing says the event was taken. Sending it
        // again is harmless (same dedup_key), so the retry policy decides.
        return new Answer(
            Kind.UNAVAILABLE, OptionalInt.empty(), "", "an answer without PagerDuty's status");
      }
      String detail =
          message.isEmpty() || errors.isEmpty() ? message + errors : message + " " + errors;
      return new Answer(Kind.REJECTED, OptionalInt.of(400), status, excerpt(detail));
    }

    private static OptionalInt httpCode(String status) {
      if (status.length() == 3 && status.chars().allMatch(Character::isDigit)) {
        return OptionalInt.of(Integer.parseInt(status));
      }
      return OptionalInt.empty();
    }

    private static String excerpt(String text) {
      if (text == null) {
        return "";
      }
      String oneLine = text.strip().replaceAll("\\s+", " ");
      return oneLine.length() <= MAX_ANSWER_EXCERPT
          ? oneLine
          : oneLine.substring(0, MAX_ANSWER_EXCERPT) + "…";
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      httpStatus.ifPresent(code -> s.append("HTTP ").append(code));
      if (!status.isEmpty()
          && httpStatus.stream().noneMatch(c -> String.valueOf(c).equals(status))) {
        s.append(s.isEmpty() ? "" : ", ").append(status);
      }
      if (!detail.isEmpty()) {
        s.append(s.isEmpty() ? "" : ": ").append(detail);
      }
      return s.toString();
    }
  }

  private String routingKey() {
    if (settings.routingKey().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "PagerDuty is not configured: '"
              + PagerDutySettings.PREFIX
              + "routing-key' (IRIS_PAGERDUTY_ROUTING_KEY) is empty",
          PagerDutyFailures.NOT_CONFIGURED);
    }
    return settings.routingKey();
  }

  private static ApplicationFailure invalid(
      String action, IncidentSnapshot incident, RuntimeException e) {
    return ApplicationFailure.newNonRetryableFailure(
        "PagerDuty "
            + action
            + " of incident "
            + incident.incidentId()
            + " not sent: "
            + e.getMessage(),
        PagerDutyFailures.REJECTED);
  }

  private Payload payload(IncidentSnapshot incident) {
    return Payload.Builder.newBuilder()
        .setSummary(summary(incident))
        .setSource(settings.source())
        .setSeverity(severity(incident.severity()))
        .setTimestamp(
            incident.openedAtMillis() > 0
                ? OffsetDateTime.ofInstant(
                    Instant.ofEpochMilli(incident.openedAtMillis()), ZoneOffset.UTC)
                : null)
        .setComponent(blankToNull(incident.service()))
        .setEventClass("incident")
        .setCustomDetails(details(incident))
        .build();
  }

  /** The title, cut to PagerDuty's limit without splitting a surrogate pair. */
  static String summary(IncidentSnapshot incident) {
    String title = incident.title() == null ? "" : incident.title().strip();
    if (title.isEmpty()) {
      title = "Incident " + incident.incidentId();
    }
    if (title.length() <= MAX_SUMMARY_LENGTH) {
      return title;
    }
    int end = MAX_SUMMARY_LENGTH - 1;
    if (Character.isHighSurrogate(title.charAt(end - 1))) {
      end--;
    }
    return title.substring(0, end) + "…";
  }

  private static com.github.dikhan.pagerduty.client.events.domain.Severity severity(
      Severity severity) {
    String name = severity == null ? "error" : severity.pagerDutySeverity();
    return com.github.dikhan.pagerduty.client.events.domain.Severity.valueOf(
        name.toUpperCase(Locale.ROOT));
  }

  private static JSONObject details(IncidentSnapshot incident) {
    JSONObject details = new JSONObject();
    details.put("incident_id", incident.incidentId());
    if (incident.status() != null) {
      details.put("status", incident.status().wireName());
    }
    if (incident.severity() != null) {
      details.put("severity", incident.severity().wireName());
    }
    details.put("escalation_level", incident.escalationLevel());
    if (blankToNull(incident.description()) != null) {
      details.put("description", incident.description());
    }
    if (blankToNull(incident.workflowId()) != null) {
      details.put("workflow_id", incident.workflowId());
    }
    return details;
  }

  private List<LinkContext> links(IncidentSnapshot incident) {
    List<LinkContext> links = new ArrayList<>(2);
    this.links
        .incident(incident)
        .ifPresent(url -> links.add(new LinkContext(url, "Incident in IRIS")));
    this.links
        .workflow(incident)
        .ifPresent(url -> links.add(new LinkContext(url, "Incident workflow in Temporal")));
    return links;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String cause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
