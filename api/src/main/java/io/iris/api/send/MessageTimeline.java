package io.iris.api.send;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iris.activities.send.MessageStore;
import io.iris.activities.send.MessageStore.Message;
import io.iris.activities.send.SendOutbox;
import io.iris.activities.send.SendSettings;
import io.iris.workflows.common.WorkflowSignals;
import io.iris.workflows.send.AttemptRecord;
import io.iris.workflows.send.DeliveryReceipt;
import io.iris.workflows.send.MessageSendWorkflow;
import io.iris.workflows.send.MessageState;
import io.iris.workflows.send.ProviderSendRequest;
import io.iris.workflows.send.ProviderSendResult;
import io.iris.workflows.send.SendPlan;
import io.iris.workflows.send.SendPreparation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.EncodedValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A message's timeline. By default from what PostgreSQL stores ({@link #stored}: accepted, the
 * outbox's start attempts, each provider attempt, the end), so the call clients poll never loads
 * the engine; on request ({@code ?include=timeline}) from its workflow's history ({@link #of}): the
 * same record Temporal replays, event by event (routing reasons, signals, receipts).
 */
@Component
public class MessageTimeline {

  /** One step of a message's life. */
  @Schema(name = "MessageTimelineEntry")
  public record Entry(Instant at, String event, String detail) {}

  private static final Logger log = LoggerFactory.getLogger(MessageTimeline.class);

  private final WorkflowClient client;
  private final SendOutbox outbox;
  private final SendSettings settings;

  public MessageTimeline(WorkflowClient client, SendOutbox outbox, SendSettings settings) {
    this.client = client;
    this.outbox = outbox;
    this.settings = settings;
  }

  /**
   * The message's timeline from its workflow's history; for a message whose workflow has not
   * started (it waits in the outbox, or ended before it could start), from the database.
   */
  public List<Entry> of(Message message) {
    String messageId = message.id().toString();
    Optional<List<HistoryEvent>> events;
    try {
      events =
          WorkflowSignals.ask(
              () -> client.fetchHistory(MessageSendWorkflow.workflowId(messageId)).getEvents());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        log.warn("message {}: history unavailable: {}", messageId, e.getMessage());
      }
      return beforeStart(message);
    } catch (RuntimeException e) {
      log.warn("message {}: history unavailable: {}", messageId, e.getMessage());
      return beforeStart(message);
    }
    if (events.isEmpty()) {
      return beforeStart(message);
    }
    return fromHistory(events.get(), client.getOptions().getDataConverter());
  }

  /**
   * The timeline PostgreSQL holds: accepted, the outbox's start attempts while it waits, each
   * provider attempt in order ({@code attempt}: provider, outcome, error or the provider's id), and
   * the end. No call to Temporal.
   */
  public List<Entry> stored(Message message, List<MessageStore.Attempt> attempts) {
    List<Entry> timeline = beforeStart(message);
    Entry end =
        !timeline.isEmpty() && timeline.get(timeline.size() - 1).event().equals("completed")
            ? timeline.remove(timeline.size() - 1)
            : null;
    for (MessageStore.Attempt a : attempts) {
      String detail = a.provider() + ": " + a.outcome();
      if (a.error() != null && !a.error().isBlank()) {
        detail += " (" + a.error() + ")";
      } else if (a.providerMessageId() != null && !a.providerMessageId().isBlank()) {
        detail += " (" + a.providerMessageId() + ")";
      }
      timeline.add(new Entry(a.at(), "attempt", detail));
    }
    if (end != null) {
      timeline.add(end);
    }
    return timeline;
  }

  /** What the database knows of a send without a workflow history. */
  List<Entry> beforeStart(Message message) {
    List<Entry> timeline = new ArrayList<>();
    Optional<SendOutbox.Waiting> waiting = outbox.find(message.id());
    timeline.add(
        new Entry(
            message.createdAt(),
            "accepted",
            waiting.isPresent() ? "waiting for its workflow to start" : ""));
    waiting.ifPresent(
        w ->
            w.lastAttemptAt()
                .ifPresent(
                    at ->
                        timeline.add(
                            new Entry(
                                at,
                                "start.retrying",
                                "start attempt "
                                    + w.attempts()
                                    + " of "
                                    + settings.outboxMaxAttempts()
                                    + w.lastError().map(e -> " failed: " + e).orElse(" made")
                                    + "; next at "
                                    + w.nextAttemptAt()))));
    if (waiting.isEmpty() && message.completedAt() != null) {
      Instant at = message.completedAt();
      String reason = message.errorMessage() == null ? "" : message.errorMessage();
      if (StartOutcome.CODES.contains(String.valueOf(message.errorCode()))) {
        timeline.add(new Entry(at, "start.failed", message.errorCode() + ": " + reason));
      }
      timeline.add(
          new Entry(at, "completed", message.status() + (reason.isEmpty() ? "" : ": " + reason)));
    }
    return timeline;
  }

  static List<Entry> fromHistory(List<HistoryEvent> events, DataConverter converter) {
    List<Entry> timeline = new ArrayList<>();
    Map<Long, String> providerBySchedule = new HashMap<>();
    for (HistoryEvent e : events) {
      Instant at =
          Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
      switch (e.getEventType()) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED ->
            timeline.add(
                new Entry(
                    at,
                    "accepted",
                    "send started on task queue "
                        + e.getWorkflowExecutionStartedEventAttributes().getTaskQueue().getName()));
        case EVENT_TYPE_MARKER_RECORDED ->
            marker(e, converter).forEach(d -> timeline.add(new Entry(at, d[0], d[1])));
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          var a = e.getActivityTaskScheduledEventAttributes();
          String type = a.getActivityType().getName();
          if (type.equals("SendViaProvider")
              || type.equals("ReconcileWithProvider")
              || type.equals("CheckDelivery")) {
            String provider = providerOf(type, a.getInput(), converter);
            providerBySchedule.put(e.getEventId(), provider);
            String event =
                switch (type) {
                  case "SendViaProvider" -> "provider.call";
                  case "ReconcileWithProvider" -> "provider.reconcile";
                  default -> "provider.status_check";
                };
            timeline.add(new Entry(at, event, provider));
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
          var a = e.getActivityTaskStartedEventAttributes();
          String provider = providerBySchedule.get(a.getScheduledEventId());
          if (provider != null && a.getAttempt() > 1) {
            timeline.add(
                new Entry(
                    at,
                    "provider.retried",
                    provider
                        + " was tried "
                        + a.getAttempt()
                        + " times"
                        + (a.hasLastFailure()
                            ? "; last failure: " + a.getLastFailure().getMessage()
                            : "")));
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
          var a = e.getActivityTaskCompletedEventAttributes();
          String provider = providerBySchedule.get(a.getScheduledEventId());
          if (provider != null) {
            String detail = provider;
            Optional<ProviderSendResult> result =
                decode(a.getResult(), ProviderSendResult.class, converter);
            if (result.isPresent() && result.get().providerMessageId() != null) {
              detail = provider + " accepted it as " + result.get().providerMessageId();
            }
            timeline.add(new Entry(at, "provider.answered", detail));
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
          var a = e.getActivityTaskFailedEventAttributes();
          String provider = providerBySchedule.getOrDefault(a.getScheduledEventId(), "activity");
          timeline.add(
              new Entry(at, "provider.failed", provider + ": " + a.getFailure().getMessage()));
        }
        case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
          var a = e.getActivityTaskTimedOutEventAttributes();
          String provider = providerBySchedule.getOrDefault(a.getScheduledEventId(), "activity");
          timeline.add(
              new Entry(at, "provider.timed_out", provider + ": " + a.getFailure().getMessage()));
        }
        case EVENT_TYPE_ACTIVITY_TASK_CANCELED ->
            timeline.add(
                new Entry(
                    at,
                    "provider.cancelled",
                    providerBySchedule.getOrDefault(
                        e.getActivityTaskCanceledEventAttributes().getScheduledEventId(), "")));
        case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
          var a = e.getWorkflowExecutionSignaledEventAttributes();
          String detail = a.getSignalName();
          if (a.getSignalName().equals("deliveryReceipt")) {
            Optional<DeliveryReceipt> r = decode(a.getInput(), DeliveryReceipt.class, converter);
            detail =
                r.map(
                        x ->
                            x.provider()
                                + " reported "
                                + x.status().name().toLowerCase()
                                + (x.errorCode().isEmpty() ? "" : " (code " + x.errorCode() + ")"))
                    .orElse(detail);
            timeline.add(new Entry(at, "receipt", detail));
          } else {
            Optional<String> arg = decode(a.getInput(), String.class, converter);
            timeline.add(new Entry(at, "signal." + a.getSignalName(), arg.orElse("")));
          }
        }
        case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES -> {
          var fields =
              e.getUpsertWorkflowSearchAttributesEventAttributes()
                  .getSearchAttributes()
                  .getIndexedFieldsMap();
          if (fields.containsKey("IrisMessageStatus")) {
            String status =
                converter.fromPayload(fields.get("IrisMessageStatus"), String.class, String.class);
            timeline.add(new Entry(at, "status", status));
          }
        }
        case EVENT_TYPE_TIMER_STARTED ->
            timeline.add(
                new Entry(
                    at,
                    "receipt.waiting",
                    "up to "
                        + java.time.Duration.ofSeconds(
                            e.getTimerStartedEventAttributes()
                                .getStartToFireTimeout()
                                .getSeconds())));
        case EVENT_TYPE_TIMER_FIRED ->
            timeline.add(new Entry(at, "receipt.wait_ended", "no receipt in time"));
        case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> {
          Optional<MessageState> end =
              decode(
                  e.getWorkflowExecutionCompletedEventAttributes().getResult(),
                  MessageState.class,
                  converter);
          timeline.add(
              new Entry(
                  at,
                  "completed",
                  end.map(
                          s ->
                              s.status().wireName()
                                  + (s.error() == null || s.error().isEmpty()
                                      ? ""
                                      : ": " + s.error()))
                      .orElse("")));
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
            EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
            EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
            EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED ->
            timeline.add(
                new Entry(
                    at,
                    "ended",
                    e.getEventType()
                        .name()
                        .replace("EVENT_TYPE_WORKFLOW_EXECUTION_", "")
                        .toLowerCase()));
        default -> {}
      }
    }
    return namedProviders(timeline);
  }

  /** Stands for the provider in a local call's entries until {@link #namedProviders} knows it. */
  private static final String UNNAMED_PROVIDER = "{provider}";

  /**
   * A provider call made as a local activity (sends since version 2) keeps no input in its marker;
   * the attempt it ends in, recorded next, names the provider: its entries get that name.
   */
  private static List<Entry> namedProviders(List<Entry> timeline) {
    List<Entry> named = new ArrayList<>(timeline);
    String next = "";
    for (int i = named.size() - 1; i >= 0; i--) {
      Entry entry = named.get(i);
      if (entry.event().equals("attempt")) {
        String detail = entry.detail();
        int space = detail.indexOf(' ');
        next = space < 0 ? detail : detail.substring(0, space);
      } else if (entry.detail().contains(UNNAMED_PROVIDER)) {
        named.set(
            i,
            new Entry(
                entry.at(),
                entry.event(),
                entry.detail().replace(UNNAMED_PROVIDER, next.isEmpty() ? "provider" : next)));
      }
    }
    return named;
  }

  /**
   * Local activities leave markers; the preparation and suppression ones say something to a reader,
   * and so does a provider call made as a local activity: one try, its answer or failure.
   */
  private static List<String[]> marker(HistoryEvent e, DataConverter converter) {
    var details = e.getMarkerRecordedEventAttributes().getDetailsMap();
    if (!details.containsKey("type")) {
      return List.of();
    }
    String type = decode(details.get("type"), String.class, converter).orElse("");
    Payloads result = details.get("result");
    return switch (type) {
      case "PrepareSend" ->
          decode(result, SendPreparation.class, converter)
              .map(
                  p ->
                      List.of(
                          new String[] {
                            "policy",
                            p.policy().verdict().name().toLowerCase()
                                + (p.policy().reason().isEmpty() ? "" : ": " + p.policy().reason())
                          },
                          new String[] {"route", route(p.plan())}))
              .orElse(List.of());
      case "RecordAttempt" ->
          decodeAt(details.get("input"), 1, AttemptRecord.class, converter)
              .map(
                  a ->
                      List.<String[]>of(
                          new String[] {
                            "attempt",
                            a.provider()
                                + " "
                                + a.outcome()
                                + (a.error() == null || a.error().isEmpty() ? "" : ": " + a.error())
                          }))
              .orElse(List.of());
      case "SendViaProvider" -> {
        var marker = e.getMarkerRecordedEventAttributes();
        String second;
        String detail;
        if (marker.hasFailure()) {
          second =
              marker.getFailure().hasTimeoutFailureInfo()
                  ? "provider.timed_out"
                  : "provider.failed";
          detail = UNNAMED_PROVIDER + ": " + marker.getFailure().getMessage();
        } else {
          second = "provider.answered";
          detail =
              decode(result, ProviderSendResult.class, converter)
                  .filter(r -> r.providerMessageId() != null)
                  .map(r -> UNNAMED_PROVIDER + " accepted it as " + r.providerMessageId())
                  .orElse(UNNAMED_PROVIDER);
        }
        yield List.of(
            new String[] {"provider.call", UNNAMED_PROVIDER}, new String[] {second, detail});
      }
      case "SuppressRecipient" ->
          List.<String[]>of(new String[] {"suppressed", "recipient added to the suppression list"});
      default -> List.of();
    };
  }

  /**
   * The planned order, with the router's reason when the plan has one ("twilio → telnyx: twilio
   * primary: score 97.2, 12% cheaper than telnyx"); plans recorded before routing by score carry
   * none and print the order alone.
   */
  static String route(SendPlan plan) {
    String order = String.join(" → ", plan.providers());
    String reason = plan.routeReason();
    return reason == null || reason.isBlank() ? order : order + " (" + reason + ")";
  }

  private static String providerOf(String type, Payloads input, DataConverter converter) {
    if (type.equals("CheckDelivery")) {
      return decode(input, String.class, converter).orElse("");
    }
    return decode(input, ProviderSendRequest.class, converter)
        .map(ProviderSendRequest::provider)
        .orElse("");
  }

  private static <T> Optional<T> decode(Payloads payloads, Class<T> type, DataConverter converter) {
    return decodeAt(payloads, 0, type, converter);
  }

  private static <T> Optional<T> decodeAt(
      Payloads payloads, int index, Class<T> type, DataConverter converter) {
    if (payloads == null || payloads.getPayloadsCount() <= index) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(
          new EncodedValues(Optional.of(payloads), converter).get(index, type));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
