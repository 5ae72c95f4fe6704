package io.iris.activities.send;

import static io.iris.schema.jooq.Tables.MESSAGE_BATCHES;
import static io.iris.schema.jooq.Tables.MESSAGE_BATCH_RECIPIENTS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Bulk batches: what to send, and to whom, so the workflow carries ids rather than lists. */
@Repository
public class BatchStore {

  /** What every message of a batch shares. */
  public record BatchContent(
      String channel,
      String from,
      String subject,
      String body,
      String priority,
      Optional<UUID> templateId,
      Map<String, String> metadata) {}

  /** A stored batch. */
  public record Batch(
      UUID id, UUID tenantId, String channel, int total, BatchContent content, Instant createdAt) {}

  /** One recipient of a batch. */
  public record Recipient(int position, String to, Map<String, String> variables) {}

  private final DSLContext db;
  private final ObjectMapper json;

  public BatchStore(DSLContext db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  @Transactional
  public void create(
      UUID id, UUID tenantId, BatchContent content, List<Recipient> recipients, Instant at) {
    db.insertInto(MESSAGE_BATCHES)
        .set(MESSAGE_BATCHES.ID, id)
        .set(MESSAGE_BATCHES.TENANT_ID, tenantId)
        .set(MESSAGE_BATCHES.CHANNEL, content.channel())
        .set(MESSAGE_BATCHES.TOTAL, recipients.size())
        .set(MESSAGE_BATCHES.REQUEST, JSONB.valueOf(write(content)))
        .set(MESSAGE_BATCHES.CREATED_AT, at.atOffset(ZoneOffset.UTC))
        .execute();
    var insert =
        db.insertInto(
            MESSAGE_BATCH_RECIPIENTS,
            MESSAGE_BATCH_RECIPIENTS.BATCH_ID,
            MESSAGE_BATCH_RECIPIENTS.POSITION,
            MESSAGE_BATCH_RECIPIENTS.RECIPIENT,
            MESSAGE_BATCH_RECIPIENTS.VARIABLES);
    for (Recipient r : recipients) {
      insert = insert.values(id, r.position(), r.to(), JSONB.valueOf(write(r.variables())));
    }
    insert.execute();
  }

  public Optional<Batch> find(UUID id) {
    return db.selectFrom(MESSAGE_BATCHES)
        .where(MESSAGE_BATCHES.ID.eq(id))
        .fetchOptional(
            r ->
                new Batch(
                    r.getId(),
                    r.getTenantId(),
                    r.getChannel(),
                    r.getTotal(),
                    read(r.getRequest().data(), new TypeReference<BatchContent>() {}),
                    r.getCreatedAt().toInstant()));
  }

  public List<Recipient> recipients(UUID batchId, int offset, int limit) {
    return db.selectFrom(MESSAGE_BATCH_RECIPIENTS)
        .where(MESSAGE_BATCH_RECIPIENTS.BATCH_ID.eq(batchId))
        .and(MESSAGE_BATCH_RECIPIENTS.POSITION.ge(offset))
        .orderBy(MESSAGE_BATCH_RECIPIENTS.POSITION)
        .limit(limit)
        .fetch(
            r ->
                new Recipient(
                    r.getPosition(),
                    r.getRecipient(),
                    read(r.getVariables().data(), new TypeReference<Map<String, String>>() {})));
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private <T> T read(String data, TypeReference<T> type) {
    try {
      return json.readValue(data, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored batch data is not readable", e);
    }
  }
}
