package io.iris.api.routing;

import static io.iris.schema.jooq.Tables.PROVIDER_HEALTH_SCORES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.routing.RoutePlanner;
import io.iris.activities.routing.RoutingSnapshot;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * GET /v1/providers and GET /v1/routing/{channel} in the test profile (routing by score off): the
 * shapes, the derived statuses, the route order under routing states, and bad input.
 */
class RoutingApiTest extends ApiTestBase {

  @Autowired DSLContext db;
  @Autowired RoutingSnapshot snapshot;

  RoutingFixtures fixtures;
  String tenantKey;

  static final Instant AT = Instant.parse("2026-12-02T01:00:00Z");

  @BeforeEach
  void clean() {
    fixtures = new RoutingFixtures(db, snapshot);
    fixtures.clear();
    tenantKey = createTenant(uniqueName("routing")).get("apiKey").asText();
  }

  @AfterEach
  void cleanUp() {
    fixtures.clear();
  }

  @Test
  void
      givenNoEvaluationYet_whenProvidersAreListed_itShouldShowEachEnabledOneHealthyWithoutAScore() {
    Response all = api().get("/v1/providers", ADMIN_KEY);
    assertThat(all.status()).as(all.body()).isEqualTo(200);
    List<String> channels = new ArrayList<>();
    all.json().forEach(p -> channels.add(p.get("channel").asText()));
    assertThat(channels).contains("sms", "email", "push");

    Response sms = api().get("/v1/providers?channel=sms", tenantKey);
    assertThat(sms.status()).as(sms.body()).isEqualTo(200);
    assertThat(names(sms.json())).containsExactly("twilio", "telnyx", "plivo");
    JsonNode twilio = sms.json().get(0);
    assertThat(fieldNames(twilio))
        .containsExactlyInAnyOrder("name", "channel", "status", "score", "routingWeight");
    assertThat(twilio.get("channel").asText()).isEqualTo("sms");
    assertThat(twilio.get("status").asText()).isEqualTo("healthy");
    assertThat(twilio.get("score").isNull()).isTrue();
    assertThat(twilio.get("routingWeight").asInt()).isEqualTo(100);
  }

  @Test
  void givenScoresAndStates_whenProvidersAreListed_itShouldDeriveEachStatus() {
    // twilio: ranked well but its current score is below the recommend threshold (90).
    fixtures.score("twilio", "sms", AT, 95, 80, "0.0079", 300);
    fixtures.score("telnyx", "sms", AT, 97, 96, "0.0040", 120);
    fixtures.state("telnyx", "sms", "failed_over", 0, "outage", AT);
    fixtures.state("plivo", "sms", "recovering", 50, "failing back", AT);
    // fcm is push's only provider: failed over with no alternative, so it still carries push.
    fixtures.state("fcm", "push", "failed_over", 0, "manual", AT);
    // sendgrid scores low now only because it carried nothing: idle is not degraded.
    fixtures.score("sendgrid", "email", AT, 95, 33, "0.0010", 100);
    db.update(PROVIDER_HEALTH_SCORES)
        .set(PROVIDER_HEALTH_SCORES.ATTEMPTS, 0L)
        .where(PROVIDER_HEALTH_SCORES.PROVIDER.eq("sendgrid"))
        .and(PROVIDER_HEALTH_SCORES.WINDOW_KIND.eq("current"))
        .execute();
    snapshot.refresh();

    Response r = api().get("/v1/providers", ADMIN_KEY);
    assertThat(r.status()).as(r.body()).isEqualTo(200);

    JsonNode twilio = provider(r.json(), "twilio");
    assertThat(twilio.get("status").asText()).isEqualTo("degraded");
    assertThat(twilio.at("/score/overall").asDouble()).isEqualTo(95);
    assertThat(fieldNames(twilio.get("score")))
        .containsExactlyInAnyOrder("overall", "delivery", "latency", "reliability", "cost");
    assertThat(twilio.at("/score/delivery").asDouble()).isEqualTo(96);
    assertThat(twilio.get("routingWeight").asInt()).isEqualTo(100);
    JsonNode telnyx = provider(r.json(), "telnyx");
    assertThat(telnyx.get("status").asText()).isEqualTo("failed_over");
    assertThat(telnyx.get("routingWeight").asInt()).isZero();
    assertThat(provider(r.json(), "plivo").get("status").asText()).isEqualTo("recovering");
    assertThat(provider(r.json(), "plivo").get("routingWeight").asInt()).isEqualTo(50);
    assertThat(provider(r.json(), "plivo").get("score").isNull()).isTrue();
    assertThat(provider(r.json(), "fcm").get("status").asText()).isEqualTo("degraded");
    assertThat(provider(r.json(), "sendgrid").get("status").asText()).isEqualTo("healthy");
  }

  @Test
  void givenAFailedOverProvider_whenTheRouteIsRead_itShouldComeLastWithTheReasonAndTime() {
    Instant changed = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    fixtures.state("twilio", "sms", "failed_over", 0, "6 of the last 10 calls failed", changed);

    for (String key : List.of(ADMIN_KEY, tenantKey)) {
      Response r = api().get("/v1/routing/sms", key);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode route = r.json();
      assertThat(fieldNames(route))
          .containsExactlyInAnyOrder("channel", "providers", "reason", "updatedAt");
      assertThat(route.get("channel").asText()).isEqualTo("sms");
      assertThat(names(route.get("providers"))).containsExactly("telnyx", "plivo", "twilio");
      JsonNode last = route.get("providers").get(2);
      assertThat(fieldNames(last)).containsExactlyInAnyOrder("name", "status", "score", "weight");
      assertThat(last.get("status").asText()).isEqualTo("failed_over");
      assertThat(last.get("weight").asInt()).isZero();
      assertThat(route.at("/providers/0/weight").asInt()).isEqualTo(100);
      assertThat(route.get("reason").asText())
          .startsWith(RoutePlanner.BY_SCORE_OFF)
          .contains("twilio failed over (6 of the last 10 calls failed): last resort only");
      assertThat(Instant.parse(route.get("updatedAt").asText())).isEqualTo(changed);
    }
  }

  @Test
  void givenNothingStored_whenTheRouteIsRead_itShouldBeTheConfiguredOrderWithoutAnUpdateTime() {
    Response r = api().get("/v1/routing/email", ADMIN_KEY);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(names(r.json().get("providers"))).containsExactly("sendgrid", "postmark");
    assertThat(r.json().get("reason").asText()).isEqualTo(RoutePlanner.BY_SCORE_OFF);
    assertThat(r.json().get("updatedAt").isNull()).isTrue();
  }

  @Test
  void givenAnUnknownChannel_whenEitherEndpointIsCalled_itShouldBe400NamingChannel() {
    for (String path :
        List.of("/v1/routing/xsmsx", "/v1/routing/SMS", "/v1/providers?channel=fax")) {
      Response r = api().get(path, ADMIN_KEY);
      assertProblem(r, 400);
      assertThat(r.json().at("/errors/0/field").asText()).as(path).isEqualTo("channel");
      assertThat(r.json().get("detail").asText()).contains("'channel'").contains("sms");
    }
    Response empty = api().get("/v1/providers?channel=", tenantKey);
    assertProblem(empty, 400);
    assertThat(empty.json().at("/errors/0/field").asText()).isEqualTo("channel");
  }

  @Test
  void givenNoKey_whenEitherEndpointIsCalled_itShouldBe401() {
    assertProblem(api().get("/v1/providers", null), 401);
    assertProblem(api().get("/v1/routing/sms", null), 401);
  }

  static List<String> names(JsonNode providers) {
    List<String> names = new ArrayList<>();
    providers.forEach(p -> names.add(p.get("name").asText()));
    return names;
  }

  static JsonNode provider(JsonNode providers, String name) {
    for (JsonNode p : providers) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no provider " + name + " in " + providers);
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
