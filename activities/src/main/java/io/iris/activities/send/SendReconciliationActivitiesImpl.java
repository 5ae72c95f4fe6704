package io.iris.activities.send;

import static io.iris.schema.jooq.Tables.MESSAGES;
import static io.iris.schema.jooq.Tables.SEND_OUTBOX;
import static org.jooq.impl.DSL.selectOne;

import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.common.WorkflowSignals;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.MessageFinal;
import io.iris.workflows.send.MessageSendWorkflow;
import io.iris.workflows.send.MessageState;
import io.iris.workflows.send.MessageStatus;
import io.iris.workflows.send.SendReconciliationActivities;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.spring.boot.ActivityImpl;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.SEND)
public class SendReconciliationActivitiesImpl implements SendReconciliationActivities {

  private static final Logger log = LoggerFactory.getLogger(SendReconciliationActivitiesImpl.class);

  /** The error code of a send finished by the reconciler because its workflow had ended. */
  public static final String WORKFLOW_ENDED = "workflow_ended";

  private final DSLContext db;
  private final WorkflowClient client;
  private final MessageStore messages;
  private final SendSettings settings;
  private final Clock clock;

  public SendReconciliationActivitiesImpl(
      DSLContext db,
      WorkflowClient client,
      MessageStore messages,
      SendSettings settings,
      Clock clock) {
    this.db = db;
    this.client = client;
    this.messages = messages;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public int finishStaleSends() {
    Instant before = clock.instant().minus(settings.reconcileAfter());
    int finished = 0;
    for (Record row :
        db.select(
                MESSAGES.ID,
                MESSAGES.TENANT_ID,
                MESSAGES.CHANNEL,
                MESSAGES.STATUS,
                MESSAGES.PROVIDER,
                MESSAGES.PROVIDER_MESSAGE_ID,
                MESSAGES.COST_USD,
                MESSAGES.ATTEMPT_COUNT,
                MESSAGES.CREATED_AT)
            .from(MESSAGES)
            .where(MESSAGES.STATUS.in("accepted", "sending", "sent"))
            .and(MESSAGES.COMPLETED_AT.isNull())
            .and(MESSAGES.UPDATED_AT.lt(MessageStore.at(before)))
            .andNotExists(
                selectOne().from(SEND_OUTBOX).where(SEND_OUTBOX.MESSAGE_ID.eq(MESSAGES.ID)))
            .orderBy(MESSAGES.UPDATED_AT)
            .limit(settings.reconcileBatch())
            .fetch()) {
      Optional<MessageFinal> end = endOf(row);
      if (end.isPresent()) {
        messages.recordFinal(end.get());
        log.info(
            "message {}: finished by the reconciler as {} ({})",
            end.get().messageId(),
            end.get().status().wireName(),
            end.get().errorMessage());
        finished++;
      }
    }
    return finished;
  }

  /** The final status of a stale send, or empty while its workflow still runs. */
  Optional<MessageFinal> endOf(Record row) {
    String id = row.get(MESSAGES.ID).toString();
    WorkflowStub workflow = client.newUntypedWorkflowStub(MessageSendWorkflow.workflowId(id));
    Optional<WorkflowExecutionStatus> described =
        WorkflowSignals.ask(() -> workflow.describe().getStatus());
    if (described.isEmpty()) {
      return Optional.of(ended(row, "no workflow exists for it (it never started)"));
    }
    WorkflowExecutionStatus status = described.get();
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW) {
      return Optional.empty();
    }
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      MessageState s = workflow.getResult(MessageState.class);
      if (s.status().isFinal()) {
        return Optional.of(
            new MessageFinal(
                id,
                row.get(MESSAGES.TENANT_ID).toString(),
                Channel.fromWire(row.get(MESSAGES.CHANNEL)),
                s.status(),
                s.provider(),
                s.providerMessageId(),
                s.costUsd(),
                s.attempts().size(),
                s.status() == MessageStatus.DELIVERED ? "" : WORKFLOW_ENDED,
                s.status() == MessageStatus.DELIVERED ? "" : s.error(),
                row.get(MESSAGES.CREATED_AT).toInstant().toEpochMilli(),
                clock.millis()));
      }
    }
    String how = status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase();
    return Optional.of(
        ended(row, "its workflow ended (" + how + ") before it recorded a final status"));
  }

  private MessageFinal ended(Record row, String why) {
    boolean taken = "sent".equals(row.get(MESSAGES.STATUS));
    return new MessageFinal(
        row.get(MESSAGES.ID).toString(),
        row.get(MESSAGES.TENANT_ID).toString(),
        Channel.fromWire(row.get(MESSAGES.CHANNEL)),
        // A provider took it: it may have been delivered, so it expires unconfirmed.
        taken ? MessageStatus.EXPIRED : MessageStatus.FAILED,
        Optional.ofNullable(row.get(MESSAGES.PROVIDER)).orElse(""),
        Optional.ofNullable(row.get(MESSAGES.PROVIDER_MESSAGE_ID)).orElse(""),
        Optional.ofNullable(row.get(MESSAGES.COST_USD)).orElse(BigDecimal.ZERO),
        Optional.ofNullable(row.get(MESSAGES.ATTEMPT_COUNT)).orElse(0),
        WORKFLOW_ENDED,
        why + (taken ? "; a provider had taken it" : "; it was not sent"),
        row.get(MESSAGES.CREATED_AT).toInstant().toEpochMilli(),
        clock.millis());
  }
}
