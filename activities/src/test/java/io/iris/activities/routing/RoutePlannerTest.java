package io.iris.activities.routing;

import static io.iris.activities.routing.RoutingTestSupport.inBucket;
import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.routing.RoutePlanner.PlannedRoute;
import io.iris.activities.routing.RoutingTestSupport.FakeScores;
import io.iris.activities.routing.RoutingTestSupport.FakeStates;
import io.iris.activities.routing.RoutingTestSupport.MovableClock;
import io.iris.workflows.routing.ProviderScoreRow;
import io.iris.workflows.routing.ProviderScoreRow.Window;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.routing.RouteCandidate;
import io.iris.workflows.routing.RouteDecision;
import io.iris.workflows.routing.Router;
import io.iris.workflows.routing.RoutingPolicy;
import io.iris.workflows.routing.RoutingWeights;
import io.iris.workflows.routing.TenantRequirements;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoutePlannerTest {

  final FakeStates states = new FakeStates();
  final FakeScores scores = new FakeScores();
  final MovableClock clock = new MovableClock();
  final RoutingSnapshot snapshot = RoutingTestSupport.snapshot(states, scores, clock);

  RoutePlanner planner(boolean byScore, String... disabled) {
    return new RoutePlanner(
        RoutingTestSupport.sendSettings(List.of("twilio", "sendgrid", "telnyx", "plivo")),
        RoutingTestSupport.routingSettings(byScore),
        RoutingTestSupport.registry(disabled),
        snapshot);
  }

  PlannedRoute plan(RoutePlanner planner, TenantRequirements requirements, UUID messageId) {
    snapshot.refresh();
    return planner.plan(Channel.SMS, requirements, Optional.ofNullable(messageId));
  }

  /** telnyx best and cheapest, plivo next, twilio (first in the configured route) worst. */
  void scoreAll() {
    scores.score("twilio", 80, "0.0079", 300);
    scores.score("telnyx", 97, "0.0040", 120);
    scores.score("plivo", 93, "0.0050", 150);
  }

  @Test
  void givenNoScores_whenPlanned_itShouldKeepTheConfiguredOrderOfTheEnabledAdaptersOfTheChannel() {
    PlannedRoute route = plan(planner(true, "plivo"), TenantRequirements.NONE, UUID.randomUUID());

    // sendgrid is email, plivo is disabled.
    assertThat(route.providers()).containsExactly("twilio", "telnyx");
    assertThat(route.reason()).isEqualTo(RoutePlanner.NO_SCORES_YET);
    assertThat(route.weights()).containsEntry("twilio", 100).containsEntry("telnyx", 100);
  }

  @Test
  void givenScoresOfProvidersThatCarriedNothing_whenPlanned_itShouldKeepTheConfiguredOrder() {
    for (String p : List.of("twilio", "telnyx", "plivo")) {
      for (Window window : Window.values()) {
        scores.rows.add(RoutingTestSupport.row(p, window, 35, "0.0050", 0, 0));
      }
    }

    PlannedRoute idle = plan(planner(true), TenantRequirements.NONE, UUID.randomUUID());
    assertThat(idle.providers()).containsExactly("twilio", "telnyx", "plivo");
    assertThat(idle.reason()).isEqualTo(RoutePlanner.NO_FIGURES_YET);

    // One provider with figures is enough for the router to decide.
    scores.score("plivo", 97, "0.0040", 120);
    PlannedRoute decided = plan(planner(true), TenantRequirements.NONE, UUID.randomUUID());
    assertThat(decided.providers().get(0)).isEqualTo("plivo");
    assertThat(decided.reason()).startsWith("plivo: ");
  }

  @Test
  void givenScores_whenPlanned_itShouldTakeTheRoutersOrderAndReason() {
    scoreAll();

    PlannedRoute route = plan(planner(true), TenantRequirements.NONE, UUID.randomUUID());

    assertThat(route.providers()).containsExactly("telnyx", "plivo", "twilio");
    RouteDecision expected =
        new Router(RoutingPolicy.DEFAULTS).decide(candidates(), TenantRequirements.NONE);
    assertThat(route.reason()).isEqualTo(expected.reason()).startsWith("telnyx: ");
  }

  @Test
  void givenScoresButRoutingByScoreOff_whenPlanned_itShouldKeepTheConfiguredOrder() {
    scoreAll();

    PlannedRoute route = plan(planner(false), TenantRequirements.NONE, UUID.randomUUID());

    assertThat(route.providers()).containsExactly("twilio", "telnyx", "plivo");
    assertThat(route.reason()).isEqualTo(RoutePlanner.BY_SCORE_OFF);
  }

  @Test
  void givenATenantMaximumCost_whenPlanned_itShouldLeaveOutTheProvidersAboveIt() {
    scoreAll();
    TenantRequirements cheap =
        TenantRequirements.NONE.withMaxCostPerMessageUsd(new BigDecimal("0.0060"));

    PlannedRoute route = plan(planner(true), cheap, UUID.randomUUID());

    assertThat(route.providers()).containsExactly("telnyx", "plivo");
    assertThat(route.reason()).contains("left out").contains("twilio");
  }

  @Test
  void givenAFailedOverProvider_whenPlanned_itShouldGoLastWithItsReason() {
    scoreAll();
    states.set("telnyx", ProviderStatus.FAILED_OVER, 0, "7 of the last 10 calls failed", null);

    PlannedRoute route = plan(planner(true), TenantRequirements.NONE, UUID.randomUUID());

    assertThat(route.providers()).containsExactly("plivo", "twilio", "telnyx");
    assertThat(route.weights()).containsEntry("telnyx", 0);
    assertThat(route.reason())
        .startsWith("plivo: ")
        .contains("telnyx failed over (7 of the last 10 calls failed): last resort only");
  }

  @Test
  void givenAFailedOverProviderAndRoutingByScoreOff_whenPlanned_itShouldStillGoLast() {
    states.set("twilio", ProviderStatus.FAILED_OVER, 0, "manual", null);

    PlannedRoute route = plan(planner(false), TenantRequirements.NONE, UUID.randomUUID());

    assertThat(route.providers()).containsExactly("telnyx", "plivo", "twilio");
  }

  @Test
  void
      givenTheOnlyProviderMeetingTheTenantsRequirementsFailedOver_whenPlanned_itShouldNotBeTheOnlyOne() {
    scoreAll();
    states.set("telnyx", ProviderStatus.FAILED_OVER, 0, "outage", null);
    TenantRequirements cheap =
        TenantRequirements.NONE.withMaxCostPerMessageUsd(new BigDecimal("0.0045"));

    PlannedRoute route = plan(planner(true), cheap, UUID.randomUUID());

    // The failed-over telnyx is the only one cheap enough: the others carry the sends, telnyx last.
    assertThat(route.providers()).containsExactly("plivo", "twilio", "telnyx");
    assertThat(route.reason()).contains("no provider meets the tenant's requirements");
  }

  @Test
  void givenARecoveringPrimaryAtWeight10_whenPlanned_itShouldKeepItsPlaceOnlyForBucketsBelow10() {
    scoreAll();
    states.set("telnyx", ProviderStatus.RECOVERING, 10, "failing back", UUID.randomUUID());
    RoutePlanner planner = planner(true);

    for (int bucket : new int[] {0, 9}) {
      PlannedRoute within = plan(planner, TenantRequirements.NONE, inBucket(bucket));
      assertThat(RoutingWeights.bucket(inBucket(bucket))).isEqualTo(bucket);
      assertThat(within.providers())
          .as("bucket %d", bucket)
          .containsExactly("telnyx", "plivo", "twilio");
      assertThat(within.reason())
          .contains("telnyx recovering: 10% of traffic, this message within it");
    }
    for (int bucket : new int[] {10, 55, 99}) {
      PlannedRoute outside = plan(planner, TenantRequirements.NONE, inBucket(bucket));
      assertThat(outside.providers())
          .as("bucket %d", bucket)
          .containsExactly("plivo", "telnyx", "twilio");
      assertThat(outside.reason())
          .contains("telnyx recovering: 10% of traffic, this message outside it");
    }
    // Without a message: the route of the traffic outside the share.
    PlannedRoute view = plan(planner, TenantRequirements.NONE, null);
    assertThat(view.providers()).containsExactly("plivo", "telnyx", "twilio");
    assertThat(view.weights()).containsEntry("telnyx", 10);
  }

  @Test
  void givenALocalTrip_whenPlanned_itShouldRouteAwayAtOnceUntilTheSharedStateChanges() {
    scoreAll();
    RoutePlanner planner = planner(true);
    snapshot.refresh();

    snapshot.markLocallyFailedOver(
        "telnyx", Channel.SMS, "6 of the last 10 calls failed within 30s");
    PlannedRoute tripped =
        planner.plan(Channel.SMS, TenantRequirements.NONE, Optional.of(UUID.randomUUID()));
    assertThat(tripped.providers()).containsExactly("plivo", "twilio", "telnyx");

    // The shared failover marks it, then it recovers fully: the local trip no longer applies.
    states.set("telnyx", ProviderStatus.HEALTHY, 100, "", UUID.randomUUID());
    PlannedRoute after = plan(planner, TenantRequirements.NONE, UUID.randomUUID());
    assertThat(after.providers()).containsExactly("telnyx", "plivo", "twilio");
  }

  @Test
  void givenTheDatabaseDown_whenTheSnapshotRefreshes_itShouldKeepRoutingOnTheLastOne() {
    scoreAll();
    states.set("telnyx", ProviderStatus.FAILED_OVER, 0, "outage", null);
    RoutePlanner planner = planner(true);
    assertThat(snapshot.refresh()).isTrue();

    states.down = true;
    scores.down = true;
    assertThat(snapshot.refresh()).isFalse();

    PlannedRoute route =
        planner.plan(Channel.SMS, TenantRequirements.NONE, Optional.of(UUID.randomUUID()));
    assertThat(route.providers()).containsExactly("plivo", "twilio", "telnyx");
    assertThat(route.reason()).startsWith("plivo: ");
  }

  @Test
  void givenOnlyTheCurrentWindowScored_whenPlanned_itShouldRouteOnIt() {
    scores.score("twilio", Window.CURRENT, 70);
    scores.score("telnyx", Window.CURRENT, 95);
    scores.score("plivo", Window.CURRENT, 91);

    PlannedRoute route = plan(planner(true), TenantRequirements.NONE, UUID.randomUUID());

    assertThat(route.providers()).containsExactly("telnyx", "plivo", "twilio");
  }

  @Test
  void givenAChannelWithoutEnabledProviders_whenPlanned_itShouldBeEmptyWithTheReason() {
    PlannedRoute route =
        planner(true, "twilio", "telnyx", "plivo")
            .plan(Channel.SMS, TenantRequirements.NONE, Optional.empty());

    assertThat(route.providers()).isEmpty();
    assertThat(route.reason()).isEqualTo("no provider is enabled for channel sms");
  }

  private List<RouteCandidate> candidates() {
    return List.of("twilio", "telnyx", "plivo").stream()
        .map(
            name -> {
              ProviderScoreRow ranking =
                  scores.rows.stream()
                      .filter(r -> r.metrics().provider().equals(name))
                      .filter(r -> r.window() == Window.RANKING)
                      .findFirst()
                      .orElseThrow();
              return RouteCandidate.of(ranking.metrics(), ranking.score());
            })
        .toList();
  }
}
