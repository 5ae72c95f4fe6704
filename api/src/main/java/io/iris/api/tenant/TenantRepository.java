package io.iris.api.tenant;

import static io.iris.schema.jooq.Tables.TENANTS;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

@Repository
class TenantRepository {

  private final DSLContext db;

  TenantRepository(DSLContext db) {
    this.db = db;
  }

  /** Inserts a tenant; false when the name (in any case) is taken. */
  boolean insert(UUID id, String name, Instant now) {
    return db.insertInto(TENANTS)
            .set(TENANTS.ID, id)
            .set(TENANTS.NAME, name)
            .set(TENANTS.STATUS, "active")
            .set(TENANTS.CREATED_AT, now.atOffset(ZoneOffset.UTC))
            .set(TENANTS.UPDATED_AT, now.atOffset(ZoneOffset.UTC))
            .onConflictDoNothing()
            .execute()
        == 1;
  }

  Optional<Tenant> findById(UUID id) {
    return db.selectFrom(TENANTS).where(TENANTS.ID.eq(id)).fetchOptional(TenantRepository::tenant);
  }

  boolean setDeliveryGuarantee(UUID id, String guarantee, Instant now) {
    return db.update(TENANTS)
            .set(TENANTS.DELIVERY_GUARANTEE, guarantee)
            .set(TENANTS.UPDATED_AT, now.atOffset(ZoneOffset.UTC))
            .where(TENANTS.ID.eq(id))
            .execute()
        == 1;
  }

  boolean setRoutingRequirements(UUID id, Tenant.RoutingRequirements r, Instant now) {
    return db.update(TENANTS)
            .set(TENANTS.MIN_DELIVERY_RATE_PERCENT, r.minDeliveryRatePercent())
            .set(TENANTS.MAX_LATENCY_MS, r.maxLatencyMs())
            .set(TENANTS.MAX_COST_PER_MESSAGE_USD, r.maxCostPerMessageUsd())
            .set(TENANTS.UPDATED_AT, now.atOffset(ZoneOffset.UTC))
            .where(TENANTS.ID.eq(id))
            .execute()
        == 1;
  }

  boolean nameTaken(String name) {
    return db.fetchExists(TENANTS, DSL.lower(TENANTS.NAME).eq(name.toLowerCase()));
  }

  List<Tenant> list(int limit) {
    return db.selectFrom(TENANTS)
        .orderBy(TENANTS.CREATED_AT.desc())
        .limit(limit)
        .fetch(TenantRepository::tenant);
  }

  private static Tenant tenant(Record r) {
    return new Tenant(
        r.get(TENANTS.ID),
        r.get(TENANTS.NAME),
        r.get(TENANTS.STATUS),
        r.get(TENANTS.DELIVERY_GUARANTEE),
        new Tenant.RoutingRequirements(
            r.get(TENANTS.MIN_DELIVERY_RATE_PERCENT),
            r.get(TENANTS.MAX_LATENCY_MS),
            r.get(TENANTS.MAX_COST_PER_MESSAGE_USD)),
        r.get(TENANTS.CREATED_AT).toInstant());
  }
}
