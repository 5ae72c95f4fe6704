package io.iris.activities.cost;

import static io.iris.schema.jooq.Tables.AUDIT_LOGS;
import static io.iris.schema.jooq.Tables.COST_OPTIMIZATION_OPPORTUNITIES;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.activities.cost.OpportunityRules.Found;
import io.iris.schema.jooq.tables.records.CostOptimizationOpportunitiesRecord;
import io.iris.workflows.cost.CostOpportunity;
import io.iris.workflows.cost.CostOpportunity.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;

/**
 * {@code cost_optimization_opportunities}: each opportunity once while it is open (the partial
 * unique index on its key), its decisions with an audit row each ({@code cost.opportunity.*}, keyed
 * {@code cost-opportunity:{id}:{status}}, so a retried activity writes nothing twice).
 */
@Repository
public class OpportunityStore {

  /** Statuses under which the same key is not stored again. */
  static final Set<String> OPEN = Set.of("identified", "awaiting_review");

  /** Statuses whose key is not offered again before the re-offer wait. */
  static final Set<String> CLOSED = Set.of("applied", "dismissed", "expired", "reverted", "failed");

  private static final TypeReference<List<Map<String, String>>> CHANGES = new TypeReference<>() {};

  /** One stored opportunity. */
  public record Row(
      UUID id,
      String dedupKey,
      Instant identifiedAt,
      String status,
      Type type,
      String channel,
      String currentProvider,
      String recommendedProvider,
      String resource,
      BigDecimal currentCostUsdPerDay,
      BigDecimal savingsUsdPerDay,
      BigDecimal savingsPercent,
      Optional<BigDecimal> currentCostPerMessageUsd,
      Optional<BigDecimal> newCostPerMessageUsd,
      String qualityImpact,
      boolean allowsAutoApply,
      String reason,
      Optional<Instant> reviewExpiresAt,
      String decidedBy,
      String decisionNote,
      Optional<Instant> appliedAt,
      List<Map<String, String>> routingChanges,
      Optional<Instant> revertedAt,
      String revertReason,
      Optional<BigDecimal> actualSavingsUsdPerDay,
      Optional<Instant> measuredAt,
      Instant updatedAt) {

    public CostOpportunity opportunity() {
      return new CostOpportunity(
          id.toString(),
          type,
          channel,
          currentProvider,
          recommendedProvider,
          resource,
          currentCostUsdPerDay.toPlainString(),
          savingsUsdPerDay.toPlainString(),
          savingsPercent.doubleValue(),
          qualityImpact,
          allowsAutoApply,
          reason);
    }
  }

  private final DSLContext db;
  private final ObjectMapper json;

  public OpportunityStore(DSLContext db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  /**
   * Whether the key may be offered now: nothing open under it, no released resource, and nothing
   * closed under it within {@code reofferAfter}.
   */
  public boolean offerable(String key, Instant now, Duration reofferAfter) {
    var t = COST_OPTIMIZATION_OPPORTUNITIES;
    return !db.fetchExists(
        t,
        t.DEDUP_KEY
            .eq(key)
            .and(
                t.STATUS
                    .in(OPEN)
                    .or(
                        t.STATUS
                            .eq("applied")
                            .and(t.OPPORTUNITY_TYPE.eq(Type.IDLE_RESOURCE.wireName())))
                    .or(t.STATUS.in(CLOSED).and(t.UPDATED_AT.gt(at(now.minus(reofferAfter)))))));
  }

  /** Stores the opportunity under a new id unless one is open under its key; the id if stored. */
  public Optional<UUID> insert(Found f, Instant now) {
    var t = COST_OPTIMIZATION_OPPORTUNITIES;
    UUID id = UUID.randomUUID();
    int stored =
        db.insertInto(t)
            .set(t.ID, id)
            .set(t.DEDUP_KEY, f.dedupKey())
            .set(t.IDENTIFIED_AT, at(now))
            .set(t.STATUS, "identified")
            .set(t.OPPORTUNITY_TYPE, f.type().wireName())
            .set(t.CHANNEL, f.channel())
            .set(t.CURRENT_PROVIDER, f.currentProvider())
            .set(t.RECOMMENDED_PROVIDER, f.recommendedProvider())
            .set(t.RESOURCE, f.resource())
            .set(t.CURRENT_COST_USD, f.currentCostUsdPerDay())
            .set(t.POTENTIAL_SAVINGS_USD, f.savingsUsdPerDay())
            .set(t.SAVINGS_PERCENT, f.savingsPercent())
            .set(t.CURRENT_COST_PER_MESSAGE_USD, f.currentCostPerMessageUsd().orElse(null))
            .set(t.NEW_COST_PER_MESSAGE_USD, f.newCostPerMessageUsd().orElse(null))
            .set(t.QUALITY_IMPACT, f.qualityImpact())
            .set(t.AUTO_APPLY, f.allowsAutoApply())
            .set(t.RECOMMENDATION_REASON, f.reason())
            .set(t.UPDATED_AT, at(now))
            .onConflict(t.DEDUP_KEY)
            .where(t.STATUS.in(OPEN))
            .doNothing()
            .execute();
    return stored == 1 ? Optional.of(id) : Optional.empty();
  }

  public Optional<Row> find(UUID id) {
    var t = COST_OPTIMIZATION_OPPORTUNITIES;
    return db.selectFrom(t).where(t.ID.eq(id)).fetchOptional().map(this::row);
  }

  /** The newest first, optionally of one status. */
  public List<Row> list(Optional<String> status, int limit) {
    var t = COST_OPTIMIZATION_OPPORTUNITIES;
    return db.selectFrom(t)
        .where(status.map(t.STATUS::eq).orElse(org.jooq.impl.DSL.noCondition()))
        .orderBy(t.IDENTIFIED_AT.desc(), t.ID)
        .limit(limit)
        .fetch(this::row);
  }

  /**
   * Sets a review status ({@code awaiting_review}, {@code dismissed}, {@code expired}, {@code
   * failed}); an applied, reverted or already-final row is left alone. Audited once.
   */
  public void mark(
      UUID id, String status, String by, String note, Instant now, Optional<Instant> expiresAt) {
    var t = COST_OPTIMIZATION_OPPORTUNITIES;
    db.transaction(
        tx -> {
          DSLContext d = tx.dsl();
          var update =
              d.update(t)
                  .set(t.STATUS, status)
                  .set(t.UPDATED_AT, at(now))
                  .set(t.DECIDED_BY, status.equals("awaiting_review") ? "" : by)
                  .set(t.DECISION_NOTE, note);
          if (expiresAt.isPresent()) {
            update = update.set(t.REVIEW_EXPIRES_AT, at(expiresAt.get()));
          }
          int changed =
              update.where(t.ID.eq(id)).and(t.STATUS.in("identified", "awaiting_review")).execute();
          if (changed > 0) {
            audit(d, id, status, by, Map.of("note", note), now);
          }
        });
  }

  /** Marks the row applied by {@code by} with the routing rows changed; once. */
  public void applied(UUID id, String by, List<Map<String, String>> changes, Instant now) {
    var t = COST_OPTIMIZATION_OPPORTUNITIES;
    db.transaction(
        tx -> {
          DSLContext d = tx.dsl();
          int changed =
              d.update(t)
                  .set(t.STATUS, "applied")
                  .set(t.DECIDED_BY, by)
                  .set(t.APPLIED_AT, at(now))
                  .set(t.ROUTING_CHANGES, JSONB.valueOf(write(changes)))
                  .set(t.UPDATED_AT, at(now))
                  .where(t.ID.eq(id))
                  .and(t.STATUS.in("identified", "awaiting_review"))
                  .execute();
          if (changed > 0) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("routingChanges", changes);
            audit(d, id, "applied", by, details, now);
          }
        });
  }

  public void reverted(UUID id, String reason, Instant now) {
    var t = COST_OPTIMIZATION_OPPORTUNITIES;
    db.transaction(
        tx -> {
          DSLContext d = tx.dsl();
          int changed =
              d.update(t)
                  .set(t.STATUS, "reverted")
                  .set(t.REVERTED_AT, at(now))
                  .set(t.REVERT_REASON, reason)
                  .set(t.UPDATED_AT, at(now))
                  .where(t.ID.eq(id))
                  .and(t.STATUS.eq("applied"))
                  .execute();
          if (changed > 0) {
            audit(d, id, "reverted", "system:cost-optimization", Map.of("reason", reason), now);
          }
        });
  }

  public void measured(UUID id, BigDecimal achievedUsdPerDay, Instant now) {
    var t = COST_OPTIMIZATION_OPPORTUNITIES;
    db.update(t)
        .set(t.ACTUAL_SAVINGS_USD, achievedUsdPerDay)
        .set(t.MEASURED_AT, at(now))
        .set(t.UPDATED_AT, at(now))
        .where(t.ID.eq(id))
        .execute();
  }

  private void audit(
      DSLContext d, UUID id, String status, String by, Map<String, ?> details, Instant now) {
    boolean system = by.startsWith("system:");
    d.insertInto(AUDIT_LOGS)
        .set(AUDIT_LOGS.OCCURRED_AT, at(now))
        .set(AUDIT_LOGS.ACTOR_SCOPE, system ? "system" : "admin")
        .set(AUDIT_LOGS.ACTION, "cost.opportunity." + status)
        .set(AUDIT_LOGS.TARGET_TYPE, "cost_opportunity")
        .set(AUDIT_LOGS.TARGET_ID, id.toString())
        .set(AUDIT_LOGS.DETAILS, JSONB.valueOf(write(withActor(details, by))))
        .set(AUDIT_LOGS.EVENT_KEY, "cost-opportunity:" + id + ":" + status)
        .onConflict(AUDIT_LOGS.EVENT_KEY)
        .where(AUDIT_LOGS.EVENT_KEY.isNotNull())
        .doNothing()
        .execute();
  }

  private static Map<String, Object> withActor(Map<String, ?> details, String by) {
    Map<String, Object> out = new LinkedHashMap<>(details);
    out.put("by", by);
    return out;
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cost opportunity details cannot be written", e);
    }
  }

  private Row row(CostOptimizationOpportunitiesRecord r) {
    List<Map<String, String>> changes;
    try {
      changes = json.readValue(r.getRoutingChanges().data(), CHANGES);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("routing_changes of " + r.getId() + " cannot be read", e);
    }
    return new Row(
        r.getId(),
        r.getDedupKey(),
        r.getIdentifiedAt().toInstant(),
        r.getStatus(),
        Type.fromWire(r.getOpportunityType()),
        r.getChannel(),
        r.getCurrentProvider(),
        r.getRecommendedProvider(),
        r.getResource(),
        r.getCurrentCostUsd(),
        r.getPotentialSavingsUsd(),
        r.getSavingsPercent(),
        Optional.ofNullable(r.getCurrentCostPerMessageUsd()),
        Optional.ofNullable(r.getNewCostPerMessageUsd()),
        r.getQualityImpact(),
        Boolean.TRUE.equals(r.getAutoApply()),
        r.getRecommendationReason(),
        Optional.ofNullable(r.getReviewExpiresAt()).map(OffsetDateTime::toInstant),
        r.getDecidedBy(),
        r.getDecisionNote(),
        Optional.ofNullable(r.getAppliedAt()).map(OffsetDateTime::toInstant),
        changes,
        Optional.ofNullable(r.getRevertedAt()).map(OffsetDateTime::toInstant),
        r.getRevertReason(),
        Optional.ofNullable(r.getActualSavingsUsd()),
        Optional.ofNullable(r.getMeasuredAt()).map(OffsetDateTime::toInstant),
        r.getUpdatedAt().toInstant());
  }

  private static OffsetDateTime at(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
