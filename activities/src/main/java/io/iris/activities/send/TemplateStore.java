package io.iris.activities.send;

import static io.iris.schema.jooq.Tables.TEMPLATES;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** A tenant's message templates. */
@Repository
public class TemplateStore {

  /** A stored template. */
  public record Template(
      UUID id,
      UUID tenantId,
      String name,
      String channel,
      String subject,
      String body,
      Instant createdAt) {}

  private final DSLContext db;
  private final Clock clock;

  public TemplateStore(DSLContext db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Creates a template; empty when the tenant already has one of that name. */
  public Optional<Template> create(
      UUID tenantId, String name, String channel, String subject, String body) {
    UUID id = UUID.randomUUID();
    int inserted =
        db.insertInto(TEMPLATES)
            .set(TEMPLATES.ID, id)
            .set(TEMPLATES.TENANT_ID, tenantId)
            .set(TEMPLATES.NAME, name)
            .set(TEMPLATES.CHANNEL, channel)
            .set(TEMPLATES.SUBJECT, subject)
            .set(TEMPLATES.BODY, body)
            .set(TEMPLATES.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
            .onConflictDoNothing()
            .execute();
    return inserted == 1 ? find(tenantId, id) : Optional.empty();
  }

  /** The tenant's template with that id; another tenant's template is not found. */
  public Optional<Template> find(UUID tenantId, UUID id) {
    return db.selectFrom(TEMPLATES)
        .where(TEMPLATES.ID.eq(id))
        .and(TEMPLATES.TENANT_ID.eq(tenantId))
        .fetchOptional(TemplateStore::template);
  }

  public List<Template> list(UUID tenantId) {
    return db.selectFrom(TEMPLATES)
        .where(TEMPLATES.TENANT_ID.eq(tenantId))
        .orderBy(TEMPLATES.NAME)
        .fetch(TemplateStore::template);
  }

  private static Template template(io.iris.schema.jooq.tables.records.TemplatesRecord r) {
    return new Template(
        r.getId(),
        r.getTenantId(),
        r.getName(),
        r.getChannel(),
        r.getSubject(),
        r.getBody(),
        r.getCreatedAt().toInstant());
  }
}
