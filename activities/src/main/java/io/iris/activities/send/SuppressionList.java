package io.iris.activities.send;

import static io.iris.schema.jooq.Tables.SUPPRESSION_LIST;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * Recipients a tenant must not send to on a channel: hard bounces, complaints, and manual entries.
 * Addresses are compared in a normal form (email addresses lower-cased).
 */
@Repository
public class SuppressionList {

  /** One suppressed recipient. */
  public record Entry(
      String channel, String address, String reason, String detail, Instant createdAt) {}

  private final DSLContext db;
  private final Clock clock;

  public SuppressionList(DSLContext db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public static String normalize(String channel, String address) {
    // Whitespace only (strip, not trim): control characters are the edge's to refuse, not ours
    // to drop silently.
    String trimmed = address.strip();
    return "email".equals(channel) ? trimmed.toLowerCase(Locale.ROOT) : trimmed;
  }

  public Optional<Entry> find(UUID tenantId, String channel, String address) {
    return db.selectFrom(SUPPRESSION_LIST)
        .where(SUPPRESSION_LIST.TENANT_ID.eq(tenantId))
        .and(SUPPRESSION_LIST.CHANNEL.eq(channel))
        .and(SUPPRESSION_LIST.ADDRESS.eq(normalize(channel, address)))
        .fetchOptional(
            r ->
                new Entry(
                    r.getChannel(),
                    r.getAddress(),
                    r.getReason(),
                    r.getDetail(),
                    r.getCreatedAt().toInstant()));
  }

  /** Adds the recipient; an existing entry is kept as it is. Returns true if it was added. */
  public boolean add(UUID tenantId, String channel, String address, String reason, String detail) {
    return db.insertInto(SUPPRESSION_LIST)
            .set(SUPPRESSION_LIST.TENANT_ID, tenantId)
            .set(SUPPRESSION_LIST.CHANNEL, channel)
            .set(SUPPRESSION_LIST.ADDRESS, normalize(channel, address))
            .set(SUPPRESSION_LIST.REASON, reason)
            .set(
                SUPPRESSION_LIST.DETAIL,
                detail.length() > 1000 ? detail.substring(0, 1000) : detail)
            .set(SUPPRESSION_LIST.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
            .onConflictDoNothing()
            .execute()
        == 1;
  }

  public boolean remove(UUID tenantId, String channel, String address) {
    return db.deleteFrom(SUPPRESSION_LIST)
            .where(SUPPRESSION_LIST.TENANT_ID.eq(tenantId))
            .and(SUPPRESSION_LIST.CHANNEL.eq(channel))
            .and(SUPPRESSION_LIST.ADDRESS.eq(normalize(channel, address)))
            .execute()
        == 1;
  }

  public List<Entry> list(UUID tenantId, int limit) {
    return db.selectFrom(SUPPRESSION_LIST)
        .where(SUPPRESSION_LIST.TENANT_ID.eq(tenantId))
        .orderBy(SUPPRESSION_LIST.CREATED_AT.desc())
        .limit(limit)
        .fetch(
            r ->
                new Entry(
                    r.getChannel(),
                    r.getAddress(),
                    r.getReason(),
                    r.getDetail(),
                    r.getCreatedAt().toInstant()));
  }
}
