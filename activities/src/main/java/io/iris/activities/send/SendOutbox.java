package io.iris.activities.send;

import static io.iris.schema.jooq.Tables.SEND_OUTBOX;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.workflows.send.SendRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;

/**
 * Sends accepted but not yet handed to Temporal (the {@code send_outbox} table). A row is written
 * with its message and deleted once the workflow exists.
 */
@Repository
public class SendOutbox {

  private final DSLContext db;
  private final ObjectMapper json;

  public SendOutbox(DSLContext db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  public void add(SendRequest request, Instant at) {
    db.insertInto(SEND_OUTBOX)
        .set(SEND_OUTBOX.MESSAGE_ID, UUID.fromString(request.messageId()))
        .set(SEND_OUTBOX.REQUEST, JSONB.valueOf(write(request)))
        .set(SEND_OUTBOX.CREATED_AT, at.atOffset(ZoneOffset.UTC))
        .onConflictDoNothing()
        .execute();
  }

  public void remove(UUID messageId) {
    db.deleteFrom(SEND_OUTBOX).where(SEND_OUTBOX.MESSAGE_ID.eq(messageId)).execute();
  }

  public void recordFailure(UUID messageId, String error) {
    db.update(SEND_OUTBOX)
        .set(SEND_OUTBOX.ATTEMPTS, SEND_OUTBOX.ATTEMPTS.plus(1))
        .set(SEND_OUTBOX.LAST_ERROR, error.length() > 1000 ? error.substring(0, 1000) : error)
        .where(SEND_OUTBOX.MESSAGE_ID.eq(messageId))
        .execute();
  }

  /** The oldest sends accepted before {@code before} and still waiting for their workflow. */
  public List<SendRequest> waitingSince(Instant before, int limit) {
    return db.select(SEND_OUTBOX.REQUEST)
        .from(SEND_OUTBOX)
        .where(SEND_OUTBOX.CREATED_AT.lt(before.atOffset(ZoneOffset.UTC)))
        .orderBy(SEND_OUTBOX.CREATED_AT)
        .limit(limit)
        .fetch(r -> read(r.value1()));
  }

  public int size() {
    return db.fetchCount(SEND_OUTBOX);
  }

  private String write(SendRequest request) {
    try {
      return json.writeValueAsString(request);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private SendRequest read(JSONB data) {
    try {
      return json.readValue(data.data(), SendRequest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable outbox row", e);
    }
  }
}
