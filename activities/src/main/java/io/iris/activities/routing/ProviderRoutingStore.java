package io.iris.activities.routing;

import static io.iris.schema.jooq.Tables.AUDIT_LOGS;
import static io.iris.schema.jooq.Tables.PROVIDER_ROUTING;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.schema.jooq.tables.records.ProviderRoutingRecord;
import io.iris.workflows.routing.FailoverRequest;
import io.iris.workflows.routing.FailoverTrigger;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.send.Channel;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;

/**
 * The {@code provider_routing} table: each provider's routing state per channel. No row means
 * {@link ProviderStatus#HEALTHY} at weight 100. The routing snapshot reads it; the failover
 * activities write it (each write idempotent, with its audit row in the same transaction).
 */
@Repository
public class ProviderRoutingStore {

  /**
   * One provider's routing state on one channel.
   *
   * @param failoverId the failover that set it; null once restored and never failed over
   */
  public record RoutingState(
      String provider,
      Channel channel,
      ProviderStatus status,
      int weight,
      String reason,
      UUID failoverId,
      int flaps,
      Instant since,
      Instant updatedAt) {}

  private final DSLContext db;

  public ProviderRoutingStore(DSLContext db) {
    this.db = db;
  }

  /** Every stored state (providers without a row are healthy at weight 100). */
  public List<RoutingState> all() {
    return db.selectFrom(PROVIDER_ROUTING).fetch(ProviderRoutingStore::state);
  }

  // The writes: each in one transaction with its audit row, which its event key makes exactly-once
  // (audit_logs_event_key), so a retried activity neither changes the state twice nor audits twice.

  /** The longest reason {@code provider_routing.reason} holds. */
  static final int MAX_REASON = 1000;

  /** The actor scope of the platform's own audit rows (as the api's {@code AuditLog} writes it). */
  static final String SYSTEM_SCOPE = "system";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Marks the provider failed over on the request's channel at weight 0, with the audit row {@code
   * provider.failover} (key {@link FailoverRequest#eventKey()}). A provider already failed over
   * keeps its {@code since} and failover; a reason it does not have yet is added.
   *
   * @return the state now
   */
  public RoutingState markFailedOver(FailoverRequest request, int flaps, Instant now) {
    return db.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          ProviderRoutingRecord row = lock(t, request.provider(), request.channel(), now);
          if (ProviderStatus.FAILED_OVER.wireName().equals(row.getStatus())
              && row.getFailoverId() != null) {
            row.setReason(added(row.getReason(), request.reason()));
            row.setFlaps(Math.max(row.getFlaps(), flaps));
          } else {
            row.setStatus(ProviderStatus.FAILED_OVER.wireName());
            row.setWeight(0);
            row.setReason(bounded(request.reason()));
            row.setFailoverId(failoverUuid(request.failoverId()));
            row.setFlaps(flaps);
            row.setSince(at(now));
          }
          row.setUpdatedAt(at(now));
          row.store();
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("channel", request.channel().wireName());
          details.put("trigger", request.trigger().wireName());
          details.put("reason", request.reason());
          details.put("failoverId", request.failoverId());
          details.put("flaps", flaps);
          boolean manual = request.trigger() == FailoverTrigger.MANUAL;
          audit(
              t,
              request.eventKey(),
              manual ? keyOf(request.actorKeyId()) : null,
              manual ? "admin" : SYSTEM_SCOPE,
              "provider.failover",
              request.provider(),
              details,
              now);
          return state(row);
        });
  }

  /**
   * Sets the provider recovering at {@code weight} percent, with the audit row {@code
   * provider.failback.step} (key {@code failback:{failoverId}:{step}}).
   */
  public RoutingState setWeight(
      String provider, Channel channel, String failoverId, int step, int weight, Instant now) {
    return db.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          ProviderRoutingRecord row = lock(t, provider, channel, now);
          if (!ProviderStatus.RECOVERING.wireName().equals(row.getStatus())) {
            row.setSince(at(now));
          }
          row.setStatus(ProviderStatus.RECOVERING.wireName());
          row.setWeight(weight);
          row.setUpdatedAt(at(now));
          row.store();
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("channel", channel.wireName());
          details.put("failoverId", failoverId);
          details.put("step", step);
          details.put("weight", weight);
          audit(
              t,
              "failback:" + failoverId + ":" + step,
              null,
              SYSTEM_SCOPE,
              "provider.failback.step",
              provider,
              details,
              now);
          return state(row);
        });
  }

  /**
   * Restores the provider to healthy at weight 100, with the audit row {@code provider.failback}
   * (key {@code failback:{failoverId}:restored}).
   */
  public RoutingState restore(
      String provider, Channel channel, String failoverId, String reason, Instant now) {
    return db.transactionResult(
        tx -> {
          DSLContext t = tx.dsl();
          ProviderRoutingRecord row = lock(t, provider, channel, now);
          if (!ProviderStatus.HEALTHY.wireName().equals(row.getStatus())) {
            row.setSince(at(now));
          }
          row.setStatus(ProviderStatus.HEALTHY.wireName());
          row.setWeight(100);
          row.setReason(bounded(reason));
          row.setUpdatedAt(at(now));
          row.store();
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("channel", channel.wireName());
          details.put("failoverId", failoverId);
          details.put("reason", reason);
          audit(
              t,
              "failback:" + failoverId + ":restored",
              null,
              SYSTEM_SCOPE,
              "provider.failback",
              provider,
              details,
              now);
          return state(row);
        });
  }

  /** The provider's row, locked for this transaction; a healthy one is made when there is none. */
  private static ProviderRoutingRecord lock(
      DSLContext t, String provider, Channel channel, Instant now) {
    t.insertInto(PROVIDER_ROUTING)
        .set(PROVIDER_ROUTING.PROVIDER, provider)
        .set(PROVIDER_ROUTING.CHANNEL, channel.wireName())
        .set(PROVIDER_ROUTING.STATUS, ProviderStatus.HEALTHY.wireName())
        .set(PROVIDER_ROUTING.WEIGHT, 100)
        .set(PROVIDER_ROUTING.SINCE, at(now))
        .set(PROVIDER_ROUTING.UPDATED_AT, at(now))
        .onConflictDoNothing()
        .execute();
    return t.selectFrom(PROVIDER_ROUTING)
        .where(PROVIDER_ROUTING.PROVIDER.eq(provider))
        .and(PROVIDER_ROUTING.CHANNEL.eq(channel.wireName()))
        .forUpdate()
        .fetchSingle();
  }

  private static void audit(
      DSLContext t,
      String eventKey,
      UUID actorKey,
      String actorScope,
      String action,
      String provider,
      Map<String, Object> details,
      Instant now) {
    String json;
    try {
      json = JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit details of " + eventKey + " cannot be written", e);
    }
    t.insertInto(AUDIT_LOGS)
        .set(AUDIT_LOGS.OCCURRED_AT, at(now))
        .set(AUDIT_LOGS.ACTOR_KEY_ID, actorKey)
        .set(AUDIT_LOGS.ACTOR_SCOPE, actorScope)
        .set(AUDIT_LOGS.ACTION, action)
        .set(AUDIT_LOGS.TARGET_TYPE, "provider")
        .set(AUDIT_LOGS.TARGET_ID, provider)
        .set(AUDIT_LOGS.DETAILS, JSONB.valueOf(json))
        .set(AUDIT_LOGS.EVENT_KEY, eventKey)
        .onConflict(AUDIT_LOGS.EVENT_KEY)
        .where(AUDIT_LOGS.EVENT_KEY.isNotNull())
        .doNothing()
        .execute();
  }

  /** The failover's id as the column stores it (ids are UUIDs; any other text maps to one). */
  static UUID failoverUuid(String failoverId) {
    try {
      return UUID.fromString(failoverId);
    } catch (IllegalArgumentException notAUuid) {
      return UUID.nameUUIDFromBytes(failoverId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static UUID keyOf(String actorKeyId) {
    try {
      return UUID.fromString(actorKeyId);
    } catch (IllegalArgumentException notAKey) {
      return null;
    }
  }

  private static String added(String reasons, String reason) {
    if (reasons.contains(reason)) {
      return reasons;
    }
    return bounded(reasons.isEmpty() ? reason : reasons + "; " + reason);
  }

  private static String bounded(String text) {
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON);
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static RoutingState state(ProviderRoutingRecord r) {
    return new RoutingState(
        r.getProvider(),
        Channel.fromWire(r.getChannel()),
        ProviderStatus.fromWire(r.getStatus()),
        r.getWeight(),
        r.getReason(),
        r.getFailoverId(),
        r.getFlaps(),
        r.getSince().toInstant(),
        r.getUpdatedAt().toInstant());
  }
}
