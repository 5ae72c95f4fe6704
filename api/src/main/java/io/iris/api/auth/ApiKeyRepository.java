package io.iris.api.auth;

import static io.iris.schema.jooq.Tables.API_KEYS;
import static io.iris.schema.jooq.Tables.TENANTS;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Repository;

/** The {@code api_keys} table. Keys are found by hash; the clear key never reaches it. */
@Repository
class ApiKeyRepository {

  /**
   * A stored key (never the clear key). Null: {@code tenantId} (an admin key), {@code expiresAt}
   * (never expires), {@code revokedAt} (not revoked), {@code rotatedTo} (not rotated), {@code
   * lastUsedAt} (never used).
   */
  record Key(
      UUID id,
      UUID tenantId,
      String scope,
      String name,
      String keyHash,
      String keyPrefix,
      Instant createdAt,
      Instant expiresAt,
      Instant revokedAt,
      UUID rotatedTo,
      Instant lastUsedAt) {}

  /** A stored key with what authentication needs to know about its tenant. */
  record StoredKey(Key key, String tenantStatus) {}

  private final DSLContext db;

  ApiKeyRepository(DSLContext db) {
    this.db = db;
  }

  Optional<StoredKey> findByHash(String hash) {
    return db.select(API_KEYS.asterisk(), TENANTS.STATUS)
        .from(API_KEYS)
        .leftJoin(TENANTS)
        .on(TENANTS.ID.eq(API_KEYS.TENANT_ID))
        .where(API_KEYS.KEY_HASH.eq(hash))
        .fetchOptional(r -> new StoredKey(key(r), r.get(TENANTS.STATUS)));
  }

  Optional<Key> findById(UUID id) {
    return db.selectFrom(API_KEYS).where(API_KEYS.ID.eq(id)).fetchOptional(ApiKeyRepository::key);
  }

  List<Key> findByTenant(UUID tenantId) {
    return db.selectFrom(API_KEYS)
        .where(API_KEYS.TENANT_ID.eq(tenantId))
        .orderBy(API_KEYS.CREATED_AT.desc())
        .fetch(ApiKeyRepository::key);
  }

  /** Active admin keys of the given name (the bootstrap key's slot). */
  List<Key> findActiveAdminKeysNamed(String name, Instant now) {
    return db.selectFrom(API_KEYS)
        .where(API_KEYS.SCOPE.eq(Scope.ADMIN.dbValue()))
        .and(API_KEYS.NAME.eq(name))
        .and(API_KEYS.REVOKED_AT.isNull())
        .and(API_KEYS.EXPIRES_AT.isNull().or(API_KEYS.EXPIRES_AT.gt(at(now))))
        .fetch(ApiKeyRepository::key);
  }

  /** Inserts a key; returns false when a key with the same hash already exists. */
  boolean insert(
      UUID id,
      Optional<UUID> tenantId,
      Scope scope,
      String name,
      String hash,
      String prefix,
      Instant createdAt,
      Optional<Instant> expiresAt) {
    return db.insertInto(API_KEYS)
            .set(API_KEYS.ID, id)
            .set(API_KEYS.TENANT_ID, tenantId.orElse(null))
            .set(API_KEYS.SCOPE, scope.dbValue())
            .set(API_KEYS.NAME, name)
            .set(API_KEYS.KEY_HASH, hash)
            .set(API_KEYS.KEY_PREFIX, prefix)
            .set(API_KEYS.CREATED_AT, at(createdAt))
            .set(API_KEYS.EXPIRES_AT, expiresAt.map(ApiKeyRepository::at).orElse(null))
            .onConflict(API_KEYS.KEY_HASH)
            .doNothing()
            .execute()
        == 1;
  }

  void revoke(UUID id, Instant at) {
    db.update(API_KEYS)
        .set(API_KEYS.REVOKED_AT, at(at))
        .where(API_KEYS.ID.eq(id))
        .and(API_KEYS.REVOKED_AT.isNull())
        .execute();
  }

  /**
   * Marks a key as replaced; it stops working at {@code expiresAt} (or earlier if it already
   * would).
   */
  void markRotated(UUID id, UUID successor, Instant expiresAt) {
    OffsetDateTime end = at(expiresAt);
    db.update(API_KEYS)
        .set(API_KEYS.ROTATED_TO, successor)
        .set(
            API_KEYS.EXPIRES_AT,
            org.jooq
                .impl
                .DSL
                .when(
                    API_KEYS.EXPIRES_AT.isNull().or(API_KEYS.EXPIRES_AT.gt(end)),
                    org.jooq.impl.DSL.val(end))
                .otherwise(API_KEYS.EXPIRES_AT))
        .where(API_KEYS.ID.eq(id))
        .execute();
  }

  void touch(UUID id, Instant at) {
    db.update(API_KEYS).set(API_KEYS.LAST_USED_AT, at(at)).where(API_KEYS.ID.eq(id)).execute();
  }

  private static Key key(Record r) {
    return new Key(
        r.get(API_KEYS.ID),
        r.get(API_KEYS.TENANT_ID),
        r.get(API_KEYS.SCOPE),
        r.get(API_KEYS.NAME),
        r.get(API_KEYS.KEY_HASH),
        r.get(API_KEYS.KEY_PREFIX),
        instant(r.get(API_KEYS.CREATED_AT)),
        instant(r.get(API_KEYS.EXPIRES_AT)),
        instant(r.get(API_KEYS.REVOKED_AT)),
        r.get(API_KEYS.ROTATED_TO),
        instant(r.get(API_KEYS.LAST_USED_AT)));
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }

  static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
