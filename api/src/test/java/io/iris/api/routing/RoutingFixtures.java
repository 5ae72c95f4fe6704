package io.iris.api.routing;

import static io.iris.schema.jooq.Tables.PROVIDER_HEALTH_SCORES;
import static io.iris.schema.jooq.Tables.PROVIDER_ROUTING;

import io.iris.activities.routing.RoutingSnapshot;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Routing states and scores written straight to the test database, and cleared after each test so
 * no other test routes on them (the snapshot is re-read at once after each change).
 */
public final class RoutingFixtures {

  private final DSLContext db;
  private final RoutingSnapshot snapshot;

  public RoutingFixtures(DSLContext db, RoutingSnapshot snapshot) {
    this.db = db;
    this.snapshot = snapshot;
  }

  public void clear() {
    db.deleteFrom(PROVIDER_ROUTING).execute();
    db.deleteFrom(PROVIDER_HEALTH_SCORES).execute();
    snapshot.refresh();
  }

  public void state(
      String provider, String channel, String status, int weight, String reason, Instant at) {
    db.insertInto(PROVIDER_ROUTING)
        .set(PROVIDER_ROUTING.PROVIDER, provider)
        .set(PROVIDER_ROUTING.CHANNEL, channel)
        .set(PROVIDER_ROUTING.STATUS, status)
        .set(PROVIDER_ROUTING.WEIGHT, weight)
        .set(PROVIDER_ROUTING.REASON, reason)
        .set(PROVIDER_ROUTING.FAILOVER_ID, UUID.randomUUID())
        .set(PROVIDER_ROUTING.SINCE, at.atOffset(ZoneOffset.UTC))
        .set(PROVIDER_ROUTING.UPDATED_AT, at.atOffset(ZoneOffset.UTC))
        .execute();
    snapshot.refresh();
  }

  /** Both windows at the given overall scores. */
  public void score(
      String provider,
      String channel,
      Instant at,
      double ranking,
      double current,
      String costUsd,
      double latencyMs) {
    ScoreRows.insert(db, at, provider, channel, "ranking", ranking, costUsd, latencyMs);
    ScoreRows.insert(db, at, provider, channel, "current", current, costUsd, latencyMs);
    snapshot.refresh();
  }
}
