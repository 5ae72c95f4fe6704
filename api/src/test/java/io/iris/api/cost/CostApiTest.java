package io.iris.api.cost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.activities.send.MessageStore;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.MessageFinal;
import io.iris.workflows.send.MessageStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code GET /v1/cost/summary}: who sees what, the figures the messages' costs add up to, bad
 * input.
 */
class CostApiTest extends ApiTestBase {

  @Autowired MessageStore messages;

  /** A delivered SMS of the tenant that cost {@code cost}, ended at {@code at}. */
  private void spent(UUID tenant, String provider, String cost, String campaign, Instant at) {
    UUID id = UUID.randomUUID();
    messages.insertOrGet(
        new MessageStore.NewMessage(
            id,
            tenant,
            "sms",
            "+15550001111",
            "",
            "",
            "normal",
            Optional.empty(),
            campaign == null ? Map.of() : Map.of("campaignId", campaign),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            at.minusSeconds(2)));
    messages.recordFinal(
        new MessageFinal(
            id.toString(),
            tenant.toString(),
            Channel.SMS,
            MessageStatus.DELIVERED,
            provider,
            "P-" + id,
            new BigDecimal(cost),
            1,
            "",
            "",
            at.minusSeconds(2).toEpochMilli(),
            at.toEpochMilli()));
  }

  @Test
  void givenTwoTenantsSpending_eachKeyShouldSeeWhatItMaySeeWithExactSums() {
    JsonNode a = createTenant(uniqueName("cost-a"));
    JsonNode b = createTenant(uniqueName("cost-b"));
    UUID aId = UUID.fromString(a.get("id").asText());
    UUID bId = UUID.fromString(b.get("id").asText());
    // Hours in the past nobody else's test writes to: a range of its own.
    Instant hour =
        Instant.parse("2020-01-15T10:00:00Z")
            .plus(Math.floorMod(aId.getMostSignificantBits(), 10_000L), ChronoUnit.HOURS);
    spent(aId, "twilio", "0.007900", "winter", hour.plusSeconds(60));
    spent(aId, "telnyx", "0.004000", null, hour.plusSeconds(1800));
    spent(bId, "twilio", "0.012345", "winter", hour.plusSeconds(120));
    String range = "from=" + hour + "&to=" + hour.plus(1, ChronoUnit.HOURS);

    Response own = api().get("/v1/cost/summary?" + range, a.get("apiKey").asText());
    assertThat(own.status()).as(own.body()).isEqualTo(200);
    JsonNode s = own.json();
    assertThat(s.get("totalUsd").decimalValue()).isEqualByComparingTo("0.011900");
    assertThat(s.get("messages").asLong()).isEqualTo(2);
    assertThat(s.at("/byChannel/sms").decimalValue()).isEqualByComparingTo("0.011900");
    assertThat(s.at("/byProvider/twilio").decimalValue()).isEqualByComparingTo("0.007900");
    assertThat(s.at("/byProvider/telnyx").decimalValue()).isEqualByComparingTo("0.004000");
    assertThat(s.get("byTenant").size()).isEqualTo(1);
    assertThat(s.at("/byTenant/" + aId).decimalValue()).isEqualByComparingTo("0.011900");
    assertThat(s.at("/byCampaign/winter").decimalValue()).isEqualByComparingTo("0.007900");
    assertThat(s.get("from").asText()).isEqualTo(hour.toString());
    for (String field : new String[] {"todayUsd", "forecastTodayUsd", "monthToDateUsd"}) {
      assertThat(s.hasNonNull(field)).as(field).isTrue();
    }
    assertThat(s.at("/trend/direction").asText()).isEqualTo("up");

    Response admin = api().get("/v1/cost/summary?" + range, ADMIN_KEY);
    assertThat(admin.status()).as(admin.body()).isEqualTo(200);
    assertThat(admin.json().at("/byTenant/" + bId).decimalValue()).isEqualByComparingTo("0.012345");
    assertThat(admin.json().at("/byTenant/" + aId).decimalValue()).isEqualByComparingTo("0.011900");
    Response adminOne = api().get("/v1/cost/summary?" + range + "&tenantId=" + bId, ADMIN_KEY);
    assertThat(adminOne.json().get("totalUsd").decimalValue()).isEqualByComparingTo("0.012345");

    // Another tenant's spend does not exist for a tenant key.
    assertProblem(
        api().get("/v1/cost/summary?" + range + "&tenantId=" + bId, a.get("apiKey").asText()), 404);
  }

  @Test
  void givenBadRanges_itShouldNameTheParameter() {
    Response garbled = api().get("/v1/cost/summary?from=yesterday", ADMIN_KEY);
    assertProblem(garbled, 400);
    assertThat(garbled.json().at("/errors/0/field").asText()).isEqualTo("from");

    Response backwards =
        api().get("/v1/cost/summary?from=2026-03-02&to=2026-03-01T00:00:00Z", ADMIN_KEY);
    assertProblem(backwards, 400);
    assertThat(backwards.json().at("/errors/0/field").asText()).isEqualTo("from");

    Response dates = api().get("/v1/cost/summary?from=2026-03-01&to=2026-03-01", ADMIN_KEY);
    assertThat(dates.status()).as("a date as the end includes that day").isEqualTo(200);
    assertThat(dates.json().get("to").asText()).isEqualTo("2026-03-02T00:00:00Z");
  }

  @Test
  void givenNoKey_itShouldRefuseBeforeAnythingElse() {
    assertProblem(api().get("/v1/cost/summary?from=garbage", null), 401);
  }
}
