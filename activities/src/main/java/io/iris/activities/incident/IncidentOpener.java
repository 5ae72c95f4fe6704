package io.iris.activities.incident;

import io.iris.activities.incident.IncidentStore.Incident;
import io.iris.activities.incident.IncidentStore.Opening;
import io.iris.workflows.incident.AlertUpdate;
import io.iris.workflows.incident.IncidentStart;
import io.iris.workflows.incident.IncidentState;
import io.iris.workflows.incident.IncidentStatus;
import io.iris.workflows.incident.IncidentWorkflow;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.AnomalyRef;
import io.iris.workflows.remediation.AnomalyType;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Opens incidents, idempotently by dedup key, for every door that opens them (the API,
 * Alertmanager, the anomaly detection): the row first ({@link IncidentStore#openOrGet}, one open
 * row per dedup key), then the workflow, signal-with-started with the alert or anomaly so it always
 * reaches a running incident.
 */
@Component
public class IncidentOpener {

  /** An opened (or attached-to) incident. */
  public record Opened(Incident incident, boolean attached) {}

  /** The source an anomaly's incident is opened with. */
  public static final String ANOMALY_SOURCE = "anomaly";

  static final int MAX_TITLE = 200;

  private final IncidentStore incidents;
  private final WorkflowClient client;
  private final Clock clock;

  public IncidentOpener(IncidentStore incidents, WorkflowClient client, Clock clock) {
    this.incidents = incidents;
    this.client = client;
    this.clock = clock;
  }

  /**
   * What an incident's runbooks act on when no anomaly opened it, as an alert's labels name it;
   * each part "" where not named.
   */
  public record Scope(String channel, String provider, String tenantId, String taskQueue) {
    public static final Scope NONE = new Scope("", "", "", "");

    public Scope {
      channel = channel == null ? "" : channel;
      provider = provider == null ? "" : provider;
      tenantId = tenantId == null ? "" : tenantId;
      taskQueue = taskQueue == null ? "" : taskQueue;
    }

    public boolean isEmpty() {
      return channel.isEmpty() && provider.isEmpty() && tenantId.isEmpty() && taskQueue.isEmpty();
    }
  }

  /**
   * Opens an incident, or returns the open one with the same dedup key; its workflow is started, or
   * signal-with-started with the alert.
   *
   * @param type the incident's type ({@code alertmanager:<alertname>}, an anomaly type), or ""
   * @param scope what its runbooks act on (an alert's labels), or {@link Scope#NONE}
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
      Scope scope) {
    Opened opened = row(title, severity, service, description, dedupKey, source, type);
    Incident row = opened.incident();
    IncidentState opening =
        opening(
            row,
            type,
            List.of(),
            null,
            scope.isEmpty() || type == null || type.isBlank()
                ? null
                : AnomalyRef.ofIncident(
                    type,
                    Severity.fromWire(row.severity()),
                    dedupKey.orElse(""),
                    scope.channel(),
                    scope.provider(),
                    scope.tenantId(),
                    scope.taskQueue(),
                    row.openedAt().toEpochMilli()));
    IncidentWorkflow workflow = stub(row);
    if (alert.isPresent()) {
      BatchRequest request = client.newSignalWithStartRequest();
      request.add(workflow::run, opening);
      request.add(workflow::attachAlert, alert.get());
      client.signalWithStart(request);
    } else {
      try {
        WorkflowClient.start(workflow::run, opening);
      } catch (WorkflowExecutionAlreadyStarted running) {
        // The open incident this one attaches to.
      }
    }
    return opened;
  }

  /**
   * Opens the anomaly's incident (dedup key {@code anomaly:{dedupKey}}, source {@code anomaly},
   * type the anomaly's type, title and description in plain words with expected and actual), or
   * attaches to the open one; signal-with-starts {@code run} (with the anomaly) and {@code
   * attachAnomaly}.
   */
  public Opened openForAnomaly(AnomalyRef anomaly) {
    String type = anomaly.type().wireName();
    Opened opened =
        row(
            title(anomaly),
            anomaly.severity(),
            service(anomaly),
            description(anomaly),
            Optional.of(anomaly.incidentDedupKey()),
            ANOMALY_SOURCE,
            type);
    Incident row = opened.incident();
    IncidentState opening = opening(row, type, List.of(anomaly), Boolean.FALSE, null);
    IncidentWorkflow workflow = stub(row);
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(workflow::run, opening);
    request.add(workflow::attachAnomaly, anomaly);
    client.signalWithStart(request);
    return opened;
  }

  private Opened row(
      String title,
      Severity severity,
      String service,
      String description,
      Optional<String> dedupKey,
      String source,
      String type) {
    Instant now = clock.instant();
    UUID id = UUID.randomUUID();
    Incident row =
        incidents.openOrGet(
            new Opening(
                id, title, severity.wireName(), service, description, dedupKey, source, now, type));
    return new Opened(row, !row.id().equals(id));
  }

  private IncidentWorkflow stub(Incident row) {
    return client.newWorkflowStub(
        IncidentWorkflow.class,
        IncidentStart.options(row.id().toString(), Severity.fromWire(row.severity())));
  }

  private static IncidentState opening(
      Incident row,
      String type,
      List<AnomalyRef> anomalies,
      Boolean pagerDutyTriggered,
      AnomalyRef scope) {
    return new IncidentState(
        row.id().toString(),
        row.title(),
        Severity.fromWire(row.severity()),
        IncidentStatus.OPEN,
        row.service(),
        row.description(),
        0,
        row.openedAt().toEpochMilli(),
        0,
        "",
        0,
        "",
        "",
        Map.of(),
        "",
        "",
        0,
        0,
        List.of(),
        row.type() == null || row.type().isEmpty() ? type : row.type(),
        anomalies,
        List.of(),
        pagerDutyTriggered,
        scope);
  }

  /** "Provider outage: twilio on sms", "Task queue backlog: iris-send (activity)". */
  static String title(AnomalyRef a) {
    String what =
        switch (a.type()) {
          case DELIVERY_RATE_DROP -> "Delivery rate drop";
          case LATENCY_SPIKE -> "Latency spike";
          case COST_SPIKE -> "Cost spike";
          case DELIVERY_RATE_ANOMALY -> "Delivery rate anomaly";
          case PROVIDER_OUTAGE -> "Provider outage";
          case TASK_QUEUE_BACKLOG -> "Task queue backlog";
          case NOISY_NEIGHBOR_VOLUME -> "Noisy tenant";
        };
    String title = what + ": " + scope(a);
    return title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 1) + "…";
  }

  private static String scope(AnomalyRef a) {
    if (!a.provider().isEmpty()) {
      return a.provider() + " on " + a.channel();
    }
    if (!a.taskQueue().isEmpty()) {
      return a.taskQueue();
    }
    if (!a.tenantId().isEmpty()) {
      return "tenant " + a.tenantId();
    }
    return a.channel();
  }

  private static String service(AnomalyRef a) {
    if (!a.provider().isEmpty()) {
      return a.provider();
    }
    if (!a.taskQueue().isEmpty()) {
      return a.taskQueue();
    }
    return a.channel().isEmpty() ? "iris" : a.channel();
  }

  /**
   * The detail, then expected against actual: "Expected 99%, measured 90% (−9.09%)." — for an
   * outage, whose expected value is the rule's threshold (and whose window may still look healthy
   * when a failover moved the traffic first), "Outage threshold 80%, measured 12.5% (−84.38%)."
   */
  static String description(AnomalyRef a) {
    String unit =
        switch (a.unit()) {
          case "percent" -> "%";
          case "ms" -> " ms";
          case "usd_per_hour" -> " USD an hour";
          case "messages" -> " messages";
          default -> a.unit().isEmpty() ? "" : " " + a.unit();
        };
    String figures =
        String.format(
            Locale.ROOT,
            "%s %s%s, measured %s%s (%s%s%%).",
            a.type() == AnomalyType.PROVIDER_OUTAGE ? "Outage threshold" : "Expected",
            plain(a.expected()),
            unit,
            plain(a.actual()),
            unit,
            a.deviationPercent() > 0 ? "+" : "",
            plain(a.deviationPercent()));
    return a.detail().isEmpty() ? figures : a.detail() + ". " + figures;
  }

  private static String plain(double d) {
    return BigDecimal.valueOf(d)
        .setScale(2, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
