package io.iris.activities.cost;

import static io.iris.schema.jooq.Tables.COST_HOURLY;
import static io.iris.schema.jooq.Tables.MESSAGES;

import io.iris.activities.cost.CostOptimizationSettings.Resource;
import io.iris.activities.cost.OpportunityRules.ChannelFigures;
import io.iris.activities.cost.OpportunityRules.Found;
import io.iris.activities.cost.OpportunityRules.ProviderFigures;
import io.iris.activities.cost.OpportunityStore.Row;
import io.iris.activities.platform.OpsSlack;
import io.iris.activities.routing.ChannelProviders;
import io.iris.activities.routing.HealthScoreStore;
import io.iris.activities.routing.ProviderRoutingStore;
import io.iris.activities.routing.ProviderRoutingStore.RoutingState;
import io.iris.activities.routing.RoutePlanner;
import io.iris.activities.routing.RoutingSnapshot;
import io.iris.integrations.slack.CostReviewMessage;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.cost.CostCycle;
import io.iris.workflows.cost.CostOpportunity;
import io.iris.workflows.cost.CostOptimizationActivities;
import io.iris.workflows.cost.SwitchQuality;
import io.iris.workflows.routing.FailoverRequest;
import io.iris.workflows.routing.FailoverTrigger;
import io.iris.workflows.routing.ProviderScoreRow;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.routing.TenantRequirements;
import io.iris.workflows.send.Channel;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The cost-optimization cycle's activities. The figures: the hourly roll-ups over the volume window
 * (messages and cost a day per channel and provider), the latest ranking-window health scores
 * (overall score, delivery rate, cost a message where a provider has no traffic of its own), the
 * route the planner gives most new sends now (its first provider is the channel's current one), and
 * for idle resources whether a message went from the sender lately.
 *
 * <p>A switch goes through the routing state failover writes ({@link ProviderRoutingStore}): the
 * providers the route puts ahead of the recommended one are failed over, trigger {@code cost}, each
 * with a failover id made from the opportunity and the provider (so a retry finds its own), and
 * with no fail-back workflow: the opportunity's workflow keeps or reverts it.
 */
@Component
@ActivityImpl(taskQueues = TaskQueues.OPERATIONS)
public class CostOptimizationActivitiesImpl implements CostOptimizationActivities {

  static final String NOT_APPLICABLE = "COST_NOT_APPLICABLE";

  private static final Logger log = LoggerFactory.getLogger(CostOptimizationActivitiesImpl.class);
  private static final MathContext MC = MathContext.DECIMAL64;
  private static final List<String> FINAL = List.of("delivered", "failed", "undelivered");

  private final DSLContext db;
  private final CostOptimizationSettings settings;
  private final OpportunityStore store;
  private final ChannelProviders providers;
  private final RoutePlanner planner;
  private final HealthScoreStore scores;
  private final ProviderRoutingStore routing;
  private final RoutingSnapshot snapshot;
  private final OpsSlack slack;

  public CostOptimizationActivitiesImpl(
      DSLContext db,
      CostOptimizationSettings settings,
      OpportunityStore store,
      ChannelProviders providers,
      RoutePlanner planner,
      HealthScoreStore scores,
      ProviderRoutingStore routing,
      RoutingSnapshot snapshot,
      OpsSlack slack) {
    this.db = db;
    this.settings = settings;
    this.store = store;
    this.providers = providers;
    this.planner = planner;
    this.scores = scores;
    this.routing = routing;
    this.snapshot = snapshot;
    this.slack = slack;
  }

  @Override
  public CostCycle findCostOpportunities(long atMillis) {
    Instant now = Instant.ofEpochMilli(atMillis);
    List<Found> found = new OpportunityRules(settings).find(figures(now), idle(now));
    List<CostOpportunity> fresh = new ArrayList<>();
    for (Found f : found) {
      if (!store.offerable(f.dedupKey(), now, settings.reofferAfter())) {
        continue;
      }
      Optional<UUID> id = store.insert(f, now);
      if (id.isPresent()) {
        log.info("cost opportunity {}: {}", id.get(), f.reason());
        fresh.add(f.withId(id.get().toString()));
      }
    }
    return new CostCycle(found.size(), fresh, settings.policy());
  }

  /** Each channel's providers with their figures, the current one first in the route. */
  List<ChannelFigures> figures(Instant now) {
    Instant from = now.minus(settings.volumeWindow());
    BigDecimal toDay =
        BigDecimal.valueOf(Duration.ofDays(1).toMinutes())
            .divide(BigDecimal.valueOf(settings.volumeWindow().toMinutes()), MC);
    Map<String, BigDecimal[]> spend = new HashMap<>();
    db.select(
            COST_HOURLY.CHANNEL,
            COST_HOURLY.PROVIDER,
            DSL.sum(COST_HOURLY.MESSAGES),
            DSL.sum(COST_HOURLY.COST_USD))
        .from(COST_HOURLY)
        .where(COST_HOURLY.HOUR.ge(from.atOffset(ZoneOffset.UTC)))
        .and(COST_HOURLY.HOUR.lt(now.atOffset(ZoneOffset.UTC)))
        .groupBy(COST_HOURLY.CHANNEL, COST_HOURLY.PROVIDER)
        .forEach(
            r ->
                spend.put(
                    r.value1() + "/" + r.value2(),
                    new BigDecimal[] {
                      r.value3() == null ? BigDecimal.ZERO : r.value3(),
                      r.value4() == null ? BigDecimal.ZERO : r.value4()
                    }));
    Map<String, ProviderScoreRow> ranking = new HashMap<>();
    for (ProviderScoreRow row : scores.latest()) {
      if (row.window() == ProviderScoreRow.Window.RANKING) {
        ranking.put(row.metrics().channel().wireName() + "/" + row.metrics().provider(), row);
      }
    }
    List<ChannelFigures> out = new ArrayList<>();
    providers
        .all()
        .forEach(
            (channel, names) -> {
              if (names.size() < 2 && settings.tiers().isEmpty()) {
                return;
              }
              List<String> route =
                  planner.plan(channel, TenantRequirements.NONE, Optional.empty()).providers();
              if (route.isEmpty()) {
                return;
              }
              List<ProviderFigures> figures = new ArrayList<>();
              for (String name : names) {
                String key = channel.wireName() + "/" + name;
                BigDecimal[] s =
                    spend.getOrDefault(key, new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                ProviderScoreRow score = ranking.get(key);
                Optional<BigDecimal> unit =
                    s[0].signum() > 0
                        ? Optional.of(s[1].divide(s[0], 6, RoundingMode.HALF_UP))
                        : Optional.ofNullable(score)
                            .filter(r -> r.metrics().attempts() > 0)
                            .map(r -> r.metrics().costPerMessageUsd());
                figures.add(
                    new ProviderFigures(
                        name,
                        Optional.ofNullable(score).map(r -> r.score().overall()),
                        Optional.ofNullable(score)
                            .filter(r -> r.metrics().hasDeliveryRate())
                            .map(r -> r.metrics().deliveryRatePercent()),
                        unit,
                        s[0].multiply(toDay, MC),
                        s[1].multiply(toDay, MC)));
              }
              out.add(new ChannelFigures(channel, route.get(0), figures));
            });
    return out;
  }

  /** The configured resources with no message from them within the idle period. */
  Set<Resource> idle(Instant now) {
    Set<Resource> idle = new HashSet<>();
    for (Resource r : settings.idleCandidates()) {
      boolean used =
          db.fetchExists(
              MESSAGES,
              MESSAGES
                  .PROVIDER
                  .eq(r.provider())
                  .and(MESSAGES.SENDER.eq(r.sender()))
                  .and(
                      MESSAGES.CREATED_AT.ge(
                          now.minus(settings.idleAfter()).atOffset(ZoneOffset.UTC))));
      if (!used) {
        idle.add(r);
      }
    }
    return idle;
  }

  @Override
  public String applyCostOpportunity(CostOpportunity o, String by, long atMillis) {
    Instant now = Instant.ofEpochMilli(atMillis);
    UUID id = UUID.fromString(o.id());
    Row row =
        store
            .find(id)
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "cost opportunity " + id + " is not stored", NOT_APPLICABLE));
    if (row.status().equals("applied")) {
      return "already applied by " + row.decidedBy();
    }
    if (!o.type().routes()) {
      store.applied(id, by, List.of(), now);
      return o.resource()
          + " on "
          + o.currentProvider()
          + " marked released (release it at the provider): $"
          + o.savingsUsdPerDay()
          + " a day";
    }
    Channel channel = Channel.fromWire(o.channel());
    String to = o.recommendedProvider();
    if (!providers.of(channel).contains(to)) {
      throw ApplicationFailure.newNonRetryableFailure(
          to + " is no longer a provider of " + channel.wireName(), NOT_APPLICABLE);
    }
    Map<String, RoutingState> states = states(channel);
    RoutingState target = states.get(to);
    if (target != null && target.status() == ProviderStatus.FAILED_OVER) {
      throw ApplicationFailure.newNonRetryableFailure(
          to + " is failed over on " + channel.wireName() + ": " + target.reason(), NOT_APPLICABLE);
    }
    List<String> route =
        planner.plan(channel, TenantRequirements.NONE, Optional.empty()).providers();
    List<String> aside = new ArrayList<>();
    for (String p : route) {
      if (p.equals(to)) {
        break;
      }
      aside.add(p);
    }
    // A retry after the first attempt finds the route already changed: its own rows count too.
    states.forEach(
        (p, s) -> {
          if (!aside.contains(p) && failoverId(o, p).equals(s.failoverId())) {
            aside.add(p);
          }
        });
    List<Map<String, String>> changes = new ArrayList<>();
    for (String p : aside) {
      UUID failover = failoverId(o, p);
      String reason =
          "cost opportunity " + o.id() + ": " + to + " saves $" + o.savingsUsdPerDay() + " a day";
      routing.markFailedOver(
          new FailoverRequest(
              failover.toString(), p, channel, FailoverTrigger.COST, reason, "", atMillis),
          0,
          now);
      Map<String, String> change = new LinkedHashMap<>();
      change.put("provider", p);
      change.put("failoverId", failover.toString());
      changes.add(change);
    }
    snapshot.refresh();
    store.applied(id, by, changes, now);
    return aside.isEmpty()
        ? to + " already carries " + channel.wireName() + " first: nothing to change"
        : String.join(", ", aside)
            + " stepped aside on "
            + channel.wireName()
            + " (failed over, trigger cost): "
            + to
            + " takes new sends";
  }

  @Override
  public SwitchQuality checkCostSwitch(CostOpportunity o, long appliedAtMillis, long atMillis) {
    Instant applied = Instant.ofEpochMilli(appliedAtMillis);
    long[] after =
        outcomes(o.recommendedProvider(), o.channel(), applied, Instant.ofEpochMilli(atMillis));
    long[] before =
        outcomes(o.currentProvider(), o.channel(), applied.minus(settings.volumeWindow()), applied);
    double baseline =
        before[0] > 0 ? before[1] * 100.0 / before[0] : settings.minimalImpactDeliveryRate();
    double rate = after[0] > 0 ? after[1] * 100.0 / after[0] : 0;
    return new SwitchQuality(after[0], rate, baseline);
  }

  /** Finished sends and delivered ones of a provider on a channel created in [from, to). */
  private long[] outcomes(String provider, String channel, Instant from, Instant to) {
    Record2<Integer, Integer> r =
        db.select(DSL.count(), DSL.count().filterWhere(MESSAGES.STATUS.eq("delivered")))
            .from(MESSAGES)
            .where(MESSAGES.PROVIDER.eq(provider))
            .and(MESSAGES.CHANNEL.eq(channel))
            .and(MESSAGES.STATUS.in(FINAL))
            .and(MESSAGES.CREATED_AT.ge(from.atOffset(ZoneOffset.UTC)))
            .and(MESSAGES.CREATED_AT.lt(to.atOffset(ZoneOffset.UTC)))
            .fetchSingle();
    return new long[] {r.value1(), r.value2()};
  }

  @Override
  public String revertCostOpportunity(CostOpportunity o, String reason, long atMillis) {
    Instant now = Instant.ofEpochMilli(atMillis);
    UUID id = UUID.fromString(o.id());
    Row row = store.find(id).orElseThrow();
    Channel channel = Channel.fromWire(o.channel());
    Map<String, RoutingState> states = states(channel);
    List<String> restored = new ArrayList<>();
    for (Map<String, String> change : row.routingChanges()) {
      String p = change.get("provider");
      RoutingState s = states.get(p);
      // Only while the row still holds this opportunity's failover: a breaker's is never undone.
      if (s != null
          && s.status() == ProviderStatus.FAILED_OVER
          && change.get("failoverId").equals(String.valueOf(s.failoverId()))) {
        routing.restore(
            p,
            channel,
            change.get("failoverId"),
            "cost opportunity " + id + " reverted: " + reason,
            now);
        restored.add(p);
      }
    }
    snapshot.refresh();
    store.reverted(id, reason, now);
    return restored.isEmpty()
        ? "nothing to restore on " + channel.wireName()
        : String.join(", ", restored) + " restored on " + channel.wireName();
  }

  @Override
  public String measureCostSavings(CostOpportunity o, long appliedAtMillis, long atMillis) {
    UUID id = UUID.fromString(o.id());
    Row row = store.find(id).orElseThrow();
    Instant now = Instant.ofEpochMilli(atMillis);
    BigDecimal achieved;
    if (!o.type().routes()) {
      // A released resource's fee stops: its saving is the configured fee.
      achieved = new BigDecimal(o.savingsUsdPerDay());
    } else {
      Instant applied = Instant.ofEpochMilli(appliedAtMillis);
      var r =
          db.select(DSL.count(), DSL.sum(MESSAGES.COST_USD))
              .from(MESSAGES)
              .where(MESSAGES.CHANNEL.eq(o.channel()))
              .and(MESSAGES.STATUS.in(FINAL))
              .and(MESSAGES.CREATED_AT.ge(applied.atOffset(ZoneOffset.UTC)))
              .and(MESSAGES.CREATED_AT.lt(now.atOffset(ZoneOffset.UTC)))
              .fetchSingle();
      long messages = r.value1();
      BigDecimal cost = r.value2() == null ? BigDecimal.ZERO : r.value2();
      BigDecimal unitBefore = row.currentCostPerMessageUsd().orElse(BigDecimal.ZERO);
      long elapsedMillis = Math.max(1, atMillis - appliedAtMillis);
      BigDecimal days =
          BigDecimal.valueOf(elapsedMillis)
              .divide(BigDecimal.valueOf(Duration.ofDays(1).toMillis()), MC);
      achieved =
          unitBefore
              .multiply(BigDecimal.valueOf(messages))
              .subtract(cost)
              .divide(days, 6, RoundingMode.HALF_UP);
    }
    achieved = achieved.setScale(6, RoundingMode.HALF_UP);
    store.measured(id, achieved, now);
    return achieved.toPlainString();
  }

  @Override
  public void markCostOpportunity(String id, String status, String by, String note, long atMillis) {
    Instant now = Instant.ofEpochMilli(atMillis);
    Optional<Instant> expires =
        status.equals("awaiting_review")
            ? Optional.of(now.plus(settings.policy().reviewExpiry()))
            : Optional.empty();
    store.mark(UUID.fromString(id), status, by, note, now, expires);
  }

  @Override
  public String postCostReview(CostOpportunity o, long expiresAtMillis) {
    return slack.post(
        CostReviewMessage.text(o),
        CostReviewMessage.blocks(o, Instant.ofEpochMilli(expiresAtMillis)));
  }

  @Override
  public String postCostOutcome(CostOpportunity o, String outcome, String detail) {
    String icon =
        switch (outcome) {
          case "applied" -> ":white_check_mark:";
          case "reverted" -> ":leftwards_arrow_with_hook:";
          case "dismissed" -> ":no_entry:";
          case "expired" -> ":hourglass:";
          default -> ":warning:";
        };
    return slack.post(
        icon
            + " Cost opportunity "
            + o.id()
            + " ("
            + o.type().wireName()
            + ", $"
            + o.savingsUsdPerDay()
            + "/day) "
            + outcome
            + (detail.isBlank() ? "" : ": " + detail));
  }

  private Map<String, RoutingState> states(Channel channel) {
    Map<String, RoutingState> out = new LinkedHashMap<>();
    for (RoutingState s : routing.all()) {
      if (s.channel() == channel) {
        out.put(s.provider(), s);
      }
    }
    return out;
  }

  /**
   * The failover id of one provider stepping aside for one opportunity: the same on every retry.
   */
  static UUID failoverId(CostOpportunity o, String provider) {
    return UUID.nameUUIDFromBytes(
        ("cost:" + o.id() + ":" + provider).getBytes(StandardCharsets.UTF_8));
  }
}
