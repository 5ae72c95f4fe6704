package io.iris.activities.send;

import static io.iris.schema.jooq.Tables.SEND_OUTBOX;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.schema.jooq.tables.records.SendOutboxRecord;
import io.iris.workflows.send.MessageStatus;
import io.iris.workflows.send.SendRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

/**
 * Sends accepted but not yet handed to Temporal (the {@code send_outbox} table). A row is written
 * with its message and deleted once the workflow exists. A start that fails is tried again later,
 * each wait twice the last ({@link Backoff}); the sweep takes rows in {@code next_attempt_at}
 * order, so rows that keep failing fall behind the others instead of starving them. A send whose
 * start is refused for good, or that runs out of attempts, ends {@code failed} ({@link #giveUp});
 * one cancelled while it waits ends {@code cancelled} ({@link #cancelWaiting}).
 */
@Repository
public class SendOutbox {

  /**
   * Failed starts are tried again after {@code initial × 2^(attempts − 1)}, at most {@code max}.
   */
  public record Backoff(Duration initial, Duration max) {

    /** The wait after the {@code attempts}-th failed attempt (1 for the first). */
    public Duration after(int attempts) {
      Duration wait = initial;
      for (int i = 1; i < attempts && wait.compareTo(max) < 0; i++) {
        wait = wait.multipliedBy(2);
      }
      return wait.compareTo(max) < 0 ? wait : max;
    }
  }

  /**
   * A send waiting for its workflow.
   *
   * @param request the start request; empty when the stored row cannot be read back
   * @param attempts start attempts made so far (including the one a claim is for)
   * @param lastError why the last attempt failed, if one did
   */
  public record Waiting(
      UUID messageId,
      Optional<SendRequest> request,
      int attempts,
      Instant createdAt,
      Optional<Instant> lastAttemptAt,
      Instant nextAttemptAt,
      Optional<String> lastError) {}

  private final DSLContext db;
  private final ObjectMapper json;
  private final MessageStore messages;

  public SendOutbox(DSLContext db, ObjectMapper json, MessageStore messages) {
    this.db = db;
    this.json = json;
    this.messages = messages;
  }

  /**
   * Writes the send's row (in the caller's transaction, beside its message). The sweep leaves it
   * alone until {@code sweepFrom}, giving the start right after the commit its chance first.
   */
  public void add(SendRequest request, Instant acceptedAt, Instant sweepFrom) {
    db.insertInto(SEND_OUTBOX)
        .set(SEND_OUTBOX.MESSAGE_ID, UUID.fromString(request.messageId()))
        .set(SEND_OUTBOX.REQUEST, JSONB.valueOf(write(request)))
        .set(SEND_OUTBOX.CREATED_AT, at(acceptedAt))
        .set(SEND_OUTBOX.NEXT_ATTEMPT_AT, at(sweepFrom))
        .onConflictDoNothing()
        .execute();
  }

  /**
   * Claims up to {@code limit} sends due at {@code now}, longest due first, for one start attempt
   * each: the attempt is counted and the row's next attempt moved back by the backoff at once, so
   * another sweep (here or in another process) skips it meanwhile, and a process that stops
   * mid-attempt leaves it due again when a retry would have been anyway. Rows another sweep is
   * claiming at this moment are skipped, not waited for.
   */
  public List<Waiting> claimDue(Instant now, int limit, Backoff backoff) {
    var due = SEND_OUTBOX.as("due");
    return db.update(SEND_OUTBOX)
        .set(SEND_OUTBOX.ATTEMPTS, SEND_OUTBOX.ATTEMPTS.plus(1))
        .set(SEND_OUTBOX.LAST_ATTEMPT_AT, at(now))
        .set(SEND_OUTBOX.NEXT_ATTEMPT_AT, retryAt(now, backoff))
        .where(
            SEND_OUTBOX.MESSAGE_ID.in(
                DSL.select(due.MESSAGE_ID)
                    .from(due)
                    .where(due.NEXT_ATTEMPT_AT.le(at(now)))
                    .orderBy(due.NEXT_ATTEMPT_AT, due.MESSAGE_ID)
                    .limit(limit)
                    .forUpdate()
                    .skipLocked()))
        .returning()
        .fetch(this::waiting);
  }

  /**
   * Counts a failed attempt made outside a claim (the start right after accepting) and schedules
   * the next one. Returns the attempts made so far, or 0 when the row is gone (started or ended
   * meanwhile).
   */
  public int recordFailedAttempt(UUID messageId, String error, Instant at, Backoff backoff) {
    return db.update(SEND_OUTBOX)
        .set(SEND_OUTBOX.ATTEMPTS, SEND_OUTBOX.ATTEMPTS.plus(1))
        .set(SEND_OUTBOX.LAST_ATTEMPT_AT, at(at))
        .set(SEND_OUTBOX.NEXT_ATTEMPT_AT, retryAt(at, backoff))
        .set(SEND_OUTBOX.LAST_ERROR, truncate(error))
        .where(SEND_OUTBOX.MESSAGE_ID.eq(messageId))
        .returning(SEND_OUTBOX.ATTEMPTS)
        .fetchOptional(SEND_OUTBOX.ATTEMPTS)
        .orElse(0);
  }

  /** Why a claimed attempt failed (the claim counted it and scheduled the next). */
  public void recordError(UUID messageId, String error) {
    db.update(SEND_OUTBOX)
        .set(SEND_OUTBOX.LAST_ERROR, truncate(error))
        .where(SEND_OUTBOX.MESSAGE_ID.eq(messageId))
        .execute();
  }

  /**
   * The workflow exists: the row is done. False when it was gone already — removed by another start
   * of the same send, or by a cancel while this start was in flight.
   */
  public boolean started(UUID messageId) {
    return db.deleteFrom(SEND_OUTBOX).where(SEND_OUTBOX.MESSAGE_ID.eq(messageId)).execute() == 1;
  }

  /**
   * Stops trying: removes the row and ends the message {@code failed} with {@code errorCode} and
   * {@code reason}, in one transaction. False (and nothing changed) when the row was gone already.
   */
  public boolean giveUp(UUID messageId, String errorCode, String reason, Instant at) {
    return endWaiting(messageId, MessageStatus.FAILED, errorCode, reason, at);
  }

  /**
   * Cancels a send still waiting for its workflow: removes the row and ends the message {@code
   * cancelled}, in one transaction. False when it was not waiting (its workflow was started, or it
   * ended).
   */
  public boolean cancelWaiting(UUID messageId, String reason, Instant at) {
    return endWaiting(messageId, MessageStatus.CANCELLED, "cancelled", reason, at);
  }

  private boolean endWaiting(
      UUID messageId, MessageStatus status, String errorCode, String reason, Instant at) {
    return db.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          // The delete takes the row lock: a concurrent give-up, cancel or start's removal waits
          // for this transaction and then finds nothing to do.
          if (t.deleteFrom(SEND_OUTBOX).where(SEND_OUTBOX.MESSAGE_ID.eq(messageId)).execute()
              == 0) {
            return false;
          }
          messages.endUnstarted(t, messageId, status, errorCode, reason, at);
          return true;
        });
  }

  public Optional<Waiting> find(UUID messageId) {
    return db.selectFrom(SEND_OUTBOX)
        .where(SEND_OUTBOX.MESSAGE_ID.eq(messageId))
        .fetchOptional(this::waiting);
  }

  public int size() {
    return db.fetchCount(SEND_OUTBOX);
  }

  /** {@code at} plus the backoff after the attempt being counted (the row's attempts + 1). */
  private static Field<OffsetDateTime> retryAt(Instant at, Backoff backoff) {
    // Evaluated in the UPDATE, where attempts is still the count before this attempt; the
    // exponent is capped so the product stays finite (the least() caps the wait anyway).
    return DSL.field(
        "{0} + least({1} * power(2, least({2}, 40)), {3}) * interval '1 millisecond'",
        SQLDataType.TIMESTAMPWITHTIMEZONE,
        DSL.val(at(at)),
        DSL.val(backoff.initial().toMillis()),
        SEND_OUTBOX.ATTEMPTS,
        DSL.val(backoff.max().toMillis()));
  }

  private Waiting waiting(SendOutboxRecord r) {
    return new Waiting(
        r.getMessageId(),
        read(r.getRequest()),
        r.getAttempts(),
        r.getCreatedAt().toInstant(),
        Optional.ofNullable(r.getLastAttemptAt()).map(OffsetDateTime::toInstant),
        r.getNextAttemptAt().toInstant(),
        Optional.ofNullable(r.getLastError()));
  }

  private String write(SendRequest request) {
    try {
      return json.writeValueAsString(request);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private Optional<SendRequest> read(JSONB data) {
    try {
      return Optional.of(json.readValue(data.data(), SendRequest.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static String truncate(String text) {
    String value = text == null ? "" : text;
    return value.length() > 1000 ? value.substring(0, 997) + "..." : value;
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
