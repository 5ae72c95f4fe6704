package io.iris.activities.send;

import static io.iris.schema.jooq.Tables.ANALYTICS_EVENTS;
import static io.iris.schema.jooq.Tables.MESSAGES;
import static io.iris.schema.jooq.Tables.MESSAGE_ATTEMPTS;
import static io.iris.schema.jooq.Tables.TENANTS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.activities.cost.SpendRollups;
import io.iris.schema.jooq.tables.records.MessageAttemptsRecord;
import io.iris.schema.jooq.tables.records.MessagesRecord;
import io.iris.workflows.routing.TenantRequirements;
import io.iris.workflows.send.AttemptRecord;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.MessageFinal;
import io.iris.workflows.send.MessageStatus;
import io.iris.workflows.send.SendRequest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record4;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * The {@code messages}, {@code message_attempts} and {@code analytics_events} tables. Every write
 * is idempotent, because activities may run more than once.
 */
@Repository
public class MessageStore {

  private final DSLContext db;
  private final Clock clock;
  private final ObjectMapper json;

  public MessageStore(DSLContext db, Clock clock, ObjectMapper json) {
    this.db = db;
    this.clock = clock;
    this.json = json;
  }

  /**
   * A stored message, as other modules see it. Null where the row has nothing yet: {@code
   * templateId}, {@code idempotencyKey}, {@code requestHash}, {@code batchId} (not given), {@code
   * provider} and {@code providerMessageId} (no provider took it), {@code errorCode} and {@code
   * errorMessage} (no error), {@code sentAt} and {@code completedAt} (not sent, not final).
   */
  public record Message(
      UUID id,
      UUID tenantId,
      String channel,
      String recipient,
      String sender,
      String subject,
      UUID templateId,
      String priority,
      String status,
      String provider,
      String providerMessageId,
      BigDecimal costUsd,
      int attemptCount,
      String errorCode,
      String errorMessage,
      String idempotencyKey,
      String requestHash,
      UUID batchId,
      Instant createdAt,
      Instant updatedAt,
      Instant sentAt,
      Instant completedAt) {}

  /**
   * One provider attempt of a message. Null: {@code error} (none), {@code providerMessageId} (the
   * provider gave none).
   */
  public record Attempt(
      long id,
      UUID messageId,
      String attemptKey,
      String provider,
      String outcome,
      String error,
      String providerMessageId,
      BigDecimal costUsd,
      long durationMs,
      Instant at) {}

  /** A new message as the API accepted it. */
  public record NewMessage(
      UUID id,
      UUID tenantId,
      String channel,
      String recipient,
      String sender,
      String subject,
      String priority,
      Optional<UUID> templateId,
      Map<String, String> metadata,
      Optional<String> idempotencyKey,
      Optional<String> requestHash,
      Optional<UUID> batchId,
      Instant createdAt) {}

  /**
   * Inserts the message unless one with the same id or the same tenant idempotency key exists.
   * Returns the stored row: the new one, or the one that was already there.
   */
  public Message insertOrGet(NewMessage m) {
    int inserted =
        db.insertInto(MESSAGES)
            .set(MESSAGES.ID, m.id())
            .set(MESSAGES.TENANT_ID, m.tenantId())
            .set(MESSAGES.CHANNEL, m.channel())
            .set(MESSAGES.RECIPIENT, m.recipient())
            .set(MESSAGES.SENDER, m.sender())
            .set(MESSAGES.SUBJECT, m.subject())
            .set(MESSAGES.PRIORITY, m.priority())
            .set(MESSAGES.TEMPLATE_ID, m.templateId().orElse(null))
            .set(MESSAGES.STATUS, MessageStatus.ACCEPTED.wireName())
            .set(MESSAGES.METADATA, JSONB.valueOf(toJson(m.metadata())))
            .set(MESSAGES.IDEMPOTENCY_KEY, m.idempotencyKey().orElse(null))
            .set(MESSAGES.REQUEST_HASH, m.requestHash().orElse(null))
            .set(MESSAGES.BATCH_ID, m.batchId().orElse(null))
            .set(MESSAGES.CREATED_AT, at(m.createdAt()))
            .set(MESSAGES.UPDATED_AT, at(m.createdAt()))
            .onConflictDoNothing()
            .execute();
    if (inserted == 1) {
      return findById(m.id()).orElseThrow();
    }
    Condition existing =
        m.idempotencyKey()
            .map(key -> MESSAGES.TENANT_ID.eq(m.tenantId()).and(MESSAGES.IDEMPOTENCY_KEY.eq(key)))
            .orElse(MESSAGES.ID.eq(m.id()));
    return db.selectFrom(MESSAGES)
        .where(existing)
        .fetchOptional(MessageStore::message)
        .orElseGet(() -> findById(m.id()).orElseThrow());
  }

  /** The row for a workflow's request, written if the API did not (bulk sends, replays). */
  /** Ends cancelled the given messages that are still accepted (never started). */
  public int cancelUnstarted(List<UUID> messageIds, String reason) {
    OffsetDateTime now = at(clock.instant());
    return db.update(MESSAGES)
        .set(MESSAGES.STATUS, MessageStatus.CANCELLED.wireName())
        .set(MESSAGES.ERROR_CODE, "cancelled")
        .set(MESSAGES.ERROR_MESSAGE, truncate(reason))
        .set(MESSAGES.COMPLETED_AT, now)
        .set(MESSAGES.UPDATED_AT, now)
        .where(MESSAGES.ID.in(messageIds))
        .and(MESSAGES.STATUS.eq(MessageStatus.ACCEPTED.wireName()))
        .and(MESSAGES.COMPLETED_AT.isNull())
        .execute();
  }

  /** accepted → sending (only forward: a row already further along is left as it is). */
  public void markSending(UUID messageId) {
    db.update(MESSAGES)
        .set(MESSAGES.STATUS, MessageStatus.SENDING.wireName())
        .set(MESSAGES.UPDATED_AT, at(clock.instant()))
        .where(MESSAGES.ID.eq(messageId))
        .and(MESSAGES.STATUS.eq(MessageStatus.ACCEPTED.wireName()))
        .execute();
  }

  /**
   * What a send needs to know of its tenant, read in one query.
   *
   * @param atLeastOnce whether the tenant chose at-least-once delivery (see
   *     V6__tenant_delivery_guarantee.sql)
   * @param requirements what the tenant asks of its providers (V7's tenants columns)
   */
  public record SendProfile(boolean atLeastOnce, TenantRequirements requirements) {

    /** An unknown tenant's: at most once, no requirement. */
    public static final SendProfile DEFAULT = new SendProfile(false, TenantRequirements.NONE);
  }

  /** The tenant's delivery guarantee and routing requirements; the default for an unknown id. */
  public SendProfile sendProfile(UUID tenantId) {
    return db.select(
            TENANTS.DELIVERY_GUARANTEE,
            TENANTS.MIN_DELIVERY_RATE_PERCENT,
            TENANTS.MAX_LATENCY_MS,
            TENANTS.MAX_COST_PER_MESSAGE_USD)
        .from(TENANTS)
        .where(TENANTS.ID.eq(tenantId))
        .fetchOptional(
            r ->
                new SendProfile(
                    "at_least_once".equals(r.value1()),
                    new TenantRequirements(
                        Optional.ofNullable(r.value2()),
                        r.value3() == null ? OptionalLong.empty() : OptionalLong.of(r.value3()),
                        Optional.ofNullable(r.value4()))))
        .orElse(SendProfile.DEFAULT);
  }

  public void register(SendRequest request, long acceptedAtMillis) {
    insertOrGet(
        new NewMessage(
            UUID.fromString(request.messageId()),
            UUID.fromString(request.tenantId()),
            request.channel().wireName(),
            request.to(),
            request.from(),
            request.subject(),
            request.priority(),
            Optional.empty(),
            request.metadata(),
            Optional.empty(),
            Optional.empty(),
            request.batchId().isEmpty()
                ? Optional.empty()
                : Optional.of(UUID.fromString(request.batchId())),
            Instant.ofEpochMilli(acceptedAtMillis)));
  }

  public Optional<Message> findById(UUID id) {
    return db.selectFrom(MESSAGES).where(MESSAGES.ID.eq(id)).fetchOptional(MessageStore::message);
  }

  public List<Attempt> attempts(UUID messageId) {
    return db.selectFrom(MESSAGE_ATTEMPTS)
        .where(MESSAGE_ATTEMPTS.MESSAGE_ID.eq(messageId))
        .orderBy(MESSAGE_ATTEMPTS.AT, MESSAGE_ATTEMPTS.ID)
        .fetch(MessageStore::attempt);
  }

  /** A page of a tenant's messages, newest first, after the (createdAt, id) cursor if given. */
  public List<Message> list(
      UUID tenantId,
      Optional<String> status,
      Optional<String> channel,
      Optional<Instant> afterCreatedAt,
      Optional<UUID> afterId,
      int limit) {
    Condition where = MESSAGES.TENANT_ID.eq(tenantId);
    if (status.isPresent()) {
      where = where.and(MESSAGES.STATUS.eq(status.get()));
    }
    if (channel.isPresent()) {
      where = where.and(MESSAGES.CHANNEL.eq(channel.get()));
    }
    if (afterCreatedAt.isPresent() && afterId.isPresent()) {
      where =
          where.and(
              DSL.row(MESSAGES.CREATED_AT, MESSAGES.ID)
                  .lt(at(afterCreatedAt.get()), afterId.get()));
    }
    return db.selectFrom(MESSAGES)
        .where(where)
        .orderBy(MESSAGES.CREATED_AT.desc(), MESSAGES.ID.desc())
        .limit(limit)
        .fetch(MessageStore::message);
  }

  /** Counts of a batch's messages by status. */
  public Map<String, Integer> batchCounts(UUID batchId) {
    return db.select(MESSAGES.STATUS, DSL.count())
        .from(MESSAGES)
        .where(MESSAGES.BATCH_ID.eq(batchId))
        .groupBy(MESSAGES.STATUS)
        .fetchMap(MESSAGES.STATUS, DSL.count());
  }

  public void recordAttempt(
      UUID messageId, AttemptRecord attempt, MessageStatus status, int attemptCount) {
    db.insertInto(MESSAGE_ATTEMPTS)
        .set(MESSAGE_ATTEMPTS.MESSAGE_ID, messageId)
        .set(MESSAGE_ATTEMPTS.ATTEMPT_KEY, attempt.attemptKey() + "/" + attempt.outcome())
        .set(MESSAGE_ATTEMPTS.PROVIDER, attempt.provider())
        .set(MESSAGE_ATTEMPTS.OUTCOME, attempt.outcome())
        .set(MESSAGE_ATTEMPTS.ERROR, truncate(attempt.error()))
        .set(MESSAGE_ATTEMPTS.PROVIDER_MESSAGE_ID, attempt.providerMessageId())
        .set(MESSAGE_ATTEMPTS.COST_USD, attempt.costUsd())
        .set(MESSAGE_ATTEMPTS.DURATION_MS, attempt.durationMs())
        .set(MESSAGE_ATTEMPTS.AT, at(Instant.ofEpochMilli(attempt.atMillis())))
        .onConflictDoNothing()
        .execute();
    var update =
        db.update(MESSAGES)
            .set(MESSAGES.STATUS, status.wireName())
            .set(MESSAGES.ATTEMPT_COUNT, attemptCount)
            .set(MESSAGES.UPDATED_AT, at(clock.instant()));
    if (status == MessageStatus.SENT) {
      update = update.set(MESSAGES.SENT_AT, at(Instant.ofEpochMilli(attempt.atMillis())));
    }
    if (!attempt.providerMessageId().isEmpty()) {
      update =
          update
              .set(MESSAGES.PROVIDER, attempt.provider())
              .set(MESSAGES.PROVIDER_MESSAGE_ID, attempt.providerMessageId());
    }
    update.where(MESSAGES.ID.eq(messageId)).and(MESSAGES.COMPLETED_AT.isNull()).execute();
  }

  /**
   * The final state, and one analytics event for it (its id derived from the message). Returns when
   * a provider took the message ({@code sent_at}, for the receipt latency); empty when it was never
   * sent or there is no row.
   */
  public Optional<Instant> recordFinal(MessageFinal f) {
    UUID messageId = UUID.fromString(f.messageId());
    OffsetDateTime completed = at(Instant.ofEpochMilli(f.completedAtMillis()));
    return db.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          // What the row held before: its spend moves only when the end is new or has changed.
          Optional<Record4<OffsetDateTime, BigDecimal, String, String>> before =
              t.select(
                      MESSAGES.COMPLETED_AT,
                      MESSAGES.COST_USD,
                      MESSAGES.PROVIDER,
                      SpendRollups.CAMPAIGN)
                  .from(MESSAGES)
                  .where(MESSAGES.ID.eq(messageId))
                  .forUpdate()
                  .fetchOptional();
          Optional<OffsetDateTime> sentAt =
              t.update(MESSAGES)
                  .set(MESSAGES.STATUS, f.status().wireName())
                  .set(MESSAGES.PROVIDER, f.provider().isEmpty() ? null : f.provider())
                  .set(
                      MESSAGES.PROVIDER_MESSAGE_ID,
                      f.providerMessageId().isEmpty() ? null : f.providerMessageId())
                  .set(MESSAGES.COST_USD, f.costUsd())
                  .set(MESSAGES.ATTEMPT_COUNT, f.attemptCount())
                  .set(MESSAGES.ERROR_CODE, f.errorCode().isEmpty() ? null : f.errorCode())
                  .set(
                      MESSAGES.ERROR_MESSAGE,
                      f.errorMessage().isEmpty() ? null : truncate(f.errorMessage()))
                  .set(MESSAGES.COMPLETED_AT, completed)
                  .set(MESSAGES.UPDATED_AT, completed)
                  .where(MESSAGES.ID.eq(messageId))
                  .returningResult(MESSAGES.SENT_AT)
                  .fetchOptional(MESSAGES.SENT_AT);
          recordFinalEvent(t, f);
          before.ifPresent(
              b ->
                  SpendRollups.moveEnd(
                      t,
                      UUID.fromString(f.tenantId()),
                      f.channel().wireName(),
                      b.value4(),
                      b.value1() == null
                          ? Optional.empty()
                          : Optional.of(
                              new SpendRollups.End(
                                  b.value1().toInstant(),
                                  b.value3() == null ? "" : b.value3(),
                                  b.value2())),
                      new SpendRollups.End(completed.toInstant(), f.provider(), f.costUsd()),
                      clock.instant()));
          return sentAt.map(OffsetDateTime::toInstant);
        });
  }

  /**
   * Ends a message whose workflow never started (cancelled while it waited, or its start refused or
   * out of attempts), in the caller's transaction {@code tx}, with the same analytics event a
   * workflow's end writes. Does nothing to a message that has moved on from {@code accepted}.
   */
  public boolean endUnstarted(
      DSLContext tx,
      UUID messageId,
      MessageStatus status,
      String errorCode,
      String errorMessage,
      Instant at) {
    OffsetDateTime completed = at(at);
    MessagesRecord ended =
        tx.update(MESSAGES)
            .set(MESSAGES.STATUS, status.wireName())
            .set(MESSAGES.ERROR_CODE, errorCode)
            .set(MESSAGES.ERROR_MESSAGE, truncate(errorMessage))
            .set(MESSAGES.COMPLETED_AT, completed)
            .set(MESSAGES.UPDATED_AT, completed)
            .where(MESSAGES.ID.eq(messageId))
            .and(MESSAGES.STATUS.eq(MessageStatus.ACCEPTED.wireName()))
            .and(MESSAGES.COMPLETED_AT.isNull())
            .returning()
            .fetchOne();
    if (ended == null) {
      return false;
    }
    recordFinalEvent(
        tx,
        new MessageFinal(
            messageId.toString(),
            ended.getTenantId().toString(),
            Channel.fromWire(ended.getChannel()),
            status,
            "",
            "",
            BigDecimal.ZERO,
            0,
            errorCode,
            errorMessage,
            ended.getCreatedAt().toInstant().toEpochMilli(),
            at.toEpochMilli()));
    SpendRollups.moveEnd(
        tx,
        ended.getTenantId(),
        ended.getChannel(),
        campaign(ended.getMetadata()),
        Optional.empty(),
        new SpendRollups.End(at, "", BigDecimal.ZERO),
        clock.instant());
    return true;
  }

  /** The analytics event of a message's end; its id is derived, so writing it twice is harmless. */
  private void recordFinalEvent(DSLContext t, MessageFinal f) {
    String eventType = "message." + f.status().wireName();
    t.insertInto(ANALYTICS_EVENTS)
        .set(
            ANALYTICS_EVENTS.ID,
            UUID.nameUUIDFromBytes(
                (f.messageId() + "/" + eventType).getBytes(StandardCharsets.UTF_8)))
        .set(ANALYTICS_EVENTS.TENANT_ID, UUID.fromString(f.tenantId()))
        .set(ANALYTICS_EVENTS.EVENT_TYPE, eventType)
        .set(ANALYTICS_EVENTS.OCCURRED_AT, at(Instant.ofEpochMilli(f.completedAtMillis())))
        .set(ANALYTICS_EVENTS.MESSAGE_ID, UUID.fromString(f.messageId()))
        .set(ANALYTICS_EVENTS.CHANNEL, f.channel().wireName())
        .set(ANALYTICS_EVENTS.PROVIDER, f.provider().isEmpty() ? null : f.provider())
        .set(ANALYTICS_EVENTS.COST_USD, f.costUsd())
        .set(ANALYTICS_EVENTS.DURATION_MS, f.completedAtMillis() - f.acceptedAtMillis())
        .set(ANALYTICS_EVENTS.SUCCESS, f.status() == MessageStatus.DELIVERED)
        .set(ANALYTICS_EVENTS.ERROR_CODE, f.errorCode().isEmpty() ? null : f.errorCode())
        .set(
            ANALYTICS_EVENTS.EVENT_DATA,
            JSONB.valueOf(toJson(Map.of("attempts", f.attemptCount()))))
        .onConflictDoNothing()
        .execute();
  }

  /** {@code metadata.campaignId} of a stored row, or "". */
  private String campaign(JSONB metadata) {
    if (metadata == null) {
      return "";
    }
    try {
      var id = json.readTree(metadata.data()).get("campaignId");
      return id == null || id.isNull() ? "" : id.asText();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static Message message(MessagesRecord r) {
    return new Message(
        r.getId(),
        r.getTenantId(),
        r.getChannel(),
        r.getRecipient(),
        r.getSender(),
        r.getSubject(),
        r.getTemplateId(),
        r.getPriority(),
        r.getStatus(),
        r.getProvider(),
        r.getProviderMessageId(),
        r.getCostUsd(),
        r.getAttemptCount(),
        r.getErrorCode(),
        r.getErrorMessage(),
        r.getIdempotencyKey(),
        r.getRequestHash(),
        r.getBatchId(),
        instant(r.getCreatedAt()),
        instant(r.getUpdatedAt()),
        instant(r.getSentAt()),
        instant(r.getCompletedAt()));
  }

  private static Attempt attempt(MessageAttemptsRecord r) {
    return new Attempt(
        r.getId(),
        r.getMessageId(),
        r.getAttemptKey(),
        r.getProvider(),
        r.getOutcome(),
        r.getError(),
        r.getProviderMessageId(),
        r.getCostUsd(),
        r.getDurationMs(),
        instant(r.getAt()));
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not representable as JSON", e);
    }
  }

  private static String truncate(String text) {
    return text == null || text.length() <= 1000 ? text : text.substring(0, 997) + "...";
  }

  static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
