package io.iris.activities.remediation;

import static io.iris.schema.jooq.Tables.BLOCKED_IPS;
import static io.iris.schema.jooq.Tables.TENANT_THROTTLES;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code tenant_throttles} and {@code blocked_ips}: the writes of {@code throttle_tenant} and
 * {@code block_ip}, and an in-memory snapshot of the rows in effect that the api's send path and
 * address filter read (never the database). The snapshot is re-read with the platform controls
 * (every {@code IRIS_PLATFORM_CONTROLS_REFRESH_INTERVAL}); a failed read keeps the last one.
 */
@Component
public class TenantThrottles {

  private static final Logger log = LoggerFactory.getLogger(TenantThrottles.class);

  /** A tenant's throttle in effect. */
  public record Throttle(
      UUID tenantId,
      double perSecond,
      int burst,
      String reason,
      String source,
      Instant expiresAt) {}

  /** A blocked address in effect. */
  public record Block(String ip, String reason, String source, Instant expiresAt) {}

  private final DSLContext db;
  private final Clock clock;
  private volatile Map<UUID, Throttle> throttles = Map.of();
  private volatile Map<String, Block> blocks = Map.of();
  private volatile boolean failing;

  public TenantThrottles(DSLContext db, Clock clock, PlatformControls controls) {
    this.db = db;
    this.clock = clock;
    controls.onRefresh(c -> refresh());
  }

  /** The tenant's throttle, if one is in effect now (as last read here). */
  public Optional<Throttle> throttle(UUID tenantId) {
    Throttle t = throttles.get(tenantId);
    return t == null || !clock.instant().isBefore(t.expiresAt())
        ? Optional.empty()
        : Optional.of(t);
  }

  /** The address's block, if one is in effect now (as last read here); canonical text form. */
  public Optional<Block> block(String ip) {
    Block b = blocks.get(ip);
    return b == null || !clock.instant().isBefore(b.expiresAt())
        ? Optional.empty()
        : Optional.of(b);
  }

  /** Re-reads the rows in effect; on failure the last ones stay (false). */
  public boolean refresh() {
    try {
      var now = RemediationStore.at(clock.instant());
      Map<UUID, Throttle> t =
          db
              .select(
                  TENANT_THROTTLES.TENANT_ID,
                  TENANT_THROTTLES.PER_SECOND,
                  TENANT_THROTTLES.BURST,
                  TENANT_THROTTLES.REASON,
                  TENANT_THROTTLES.SOURCE,
                  TENANT_THROTTLES.EXPIRES_AT)
              .from(TENANT_THROTTLES)
              .where(TENANT_THROTTLES.EXPIRES_AT.gt(now))
              .fetch()
              .stream()
              .collect(
                  Collectors.toUnmodifiableMap(
                      r -> r.value1(),
                      r ->
                          new Throttle(
                              r.value1(),
                              r.value2().doubleValue(),
                              r.value3(),
                              r.value4(),
                              r.value5(),
                              r.value6().toInstant())));
      Map<String, Block> b =
          db
              .select(
                  BLOCKED_IPS.IP, BLOCKED_IPS.REASON, BLOCKED_IPS.SOURCE, BLOCKED_IPS.EXPIRES_AT)
              .from(BLOCKED_IPS)
              .where(BLOCKED_IPS.EXPIRES_AT.gt(now))
              .fetch()
              .stream()
              .collect(
                  Collectors.toUnmodifiableMap(
                      r -> r.value1(),
                      r -> new Block(r.value1(), r.value2(), r.value3(), r.value4().toInstant())));
      throttles = t;
      blocks = b;
      if (failing) {
        failing = false;
        log.info("remediation: tenant throttles and blocked addresses are read again");
      }
      return true;
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn(
            "remediation: could not re-read tenant throttles and blocked addresses, keeping the"
                + " last ones: {}",
            e.toString());
      }
      return false;
    }
  }

  /** Sets (or replaces) the tenant's throttle. */
  public void throttle(
      UUID tenantId, double perSecond, int burst, String reason, String source, Instant expiresAt) {
    BigDecimal rate = BigDecimal.valueOf(perSecond).setScale(3, RoundingMode.HALF_UP);
    var now = RemediationStore.at(clock.instant());
    // The same values on insert and on update: a re-throttle replaces the row.
    Map<Field<?>, Object> values = new LinkedHashMap<>();
    values.put(TENANT_THROTTLES.PER_SECOND, rate);
    values.put(TENANT_THROTTLES.BURST, burst);
    values.put(TENANT_THROTTLES.REASON, reason);
    values.put(TENANT_THROTTLES.SOURCE, source);
    values.put(TENANT_THROTTLES.EXPIRES_AT, RemediationStore.at(expiresAt));
    values.put(TENANT_THROTTLES.CREATED_AT, now);
    db.insertInto(TENANT_THROTTLES)
        .set(TENANT_THROTTLES.TENANT_ID, tenantId)
        .set(values)
        .onConflict(TENANT_THROTTLES.TENANT_ID)
        .doUpdate()
        .set(values)
        .execute();
    refresh();
  }

  /** Removes the tenant's throttle only if {@code source} set it; whether a row was removed. */
  public boolean unthrottle(UUID tenantId, String source) {
    boolean removed =
        db.deleteFrom(TENANT_THROTTLES)
                .where(TENANT_THROTTLES.TENANT_ID.eq(tenantId))
                .and(TENANT_THROTTLES.SOURCE.eq(source))
                .execute()
            > 0;
    refresh();
    return removed;
  }

  /** Blocks (or re-blocks) the address (canonical text form). */
  public void block(String ip, String reason, String source, Instant expiresAt) {
    var now = RemediationStore.at(clock.instant());
    // A re-block replaces reason, source and expiry, and keeps when it was first blocked.
    Map<Field<?>, Object> values = new LinkedHashMap<>();
    values.put(BLOCKED_IPS.REASON, reason);
    values.put(BLOCKED_IPS.SOURCE, source);
    values.put(BLOCKED_IPS.EXPIRES_AT, RemediationStore.at(expiresAt));
    db.insertInto(BLOCKED_IPS)
        .set(BLOCKED_IPS.IP, ip)
        .set(BLOCKED_IPS.CREATED_AT, now)
        .set(values)
        .onConflict(BLOCKED_IPS.IP)
        .doUpdate()
        .set(values)
        .execute();
    refresh();
  }

  /** Unblocks the address only if {@code source} blocked it; whether a row was removed. */
  public boolean unblock(String ip, String source) {
    boolean removed =
        db.deleteFrom(BLOCKED_IPS)
                .where(BLOCKED_IPS.IP.eq(ip))
                .and(BLOCKED_IPS.SOURCE.eq(source))
                .execute()
            > 0;
    refresh();
    return removed;
  }
}
