package io.iris.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.send.receipts.WebhookCalls;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.api.support.TestClock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;

/** Plivo's "List all messages" as the simulator answers it: filters, paging, auth. */
@ActiveProfiles({"dev", "test"})
class PlivoSimulatorTest extends ApiTestBase {

  @Autowired TestClock clock;

  private static final String BASE =
      "/sim/plivo/v1/Account/" + DevCredentials.PLIVO_ID + "/Message/";
  private static final Map<String, String> AUTH =
      Map.of(
          "Authorization", WebhookCalls.basic(DevCredentials.PLIVO_ID, DevCredentials.PLIVO_TOKEN));
  private static final DateTimeFormatter FILTER =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private static String uniqueNumber() {
    return "+1555" + String.format("%07d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000_000));
  }

  private String send(String src, String dst) {
    Response r =
        WebhookCalls.post(
            port,
            BASE,
            "application/json",
            "{\"src\":\"" + src + "\",\"dst\":\"" + dst + "\",\"text\":\"secret text\"}",
            AUTH);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r.json().get("message_uuid").get(0).asText();
  }

  private Response list(String query, Map<String, String> auth) {
    return WebhookCalls.get(port, BASE + "?" + query, auth);
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void givenMessagesToARecipient_whenListedBySenderRecipientAndTime_itShouldShowTheirRecords() {
    String to = uniqueNumber();
    String since = FILTER.format(clock.instant().minusSeconds(5));
    String first = send("+15005550008", to);
    String second = send("+15005550008", to);
    send("+15005550099", to);

    Response page =
        list(
            "message_direction=outbound&from_number=%2B15005550008&to_number="
                + encode(to)
                + "&message_time__gte="
                + encode(since),
            AUTH);

    assertThat(page.status()).as(page.body()).isEqualTo(200);
    JsonNode objects = page.json().get("objects");
    assertThat(objects)
        .extracting(o -> o.get("message_uuid").asText())
        .containsExactly(second, first);
    JsonNode record = objects.get(0);
    // Plivo shows numbers without their +, times to the second, and never the text.
    assertThat(record.get("to_number").asText()).isEqualTo(to.substring(1));
    assertThat(record.get("from_number").asText()).isEqualTo("15005550008");
    assertThat(record.get("message_direction").asText()).isEqualTo("outbound");
    assertThat(record.get("message_time").asText())
        .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\+00:00");
    assertThat(record.has("text")).isFalse();
    assertThat(page.json().get("meta").get("total_count").asInt()).isEqualTo(2);
    assertThat(page.json().get("meta").get("next").isNull()).isTrue();
  }

  @Test
  void givenMoreRecordsThanTheLimit_whenListed_offsetShouldReachTheRest() {
    String to = uniqueNumber();
    String older = send("+15005550008", to);
    String newer = send("+15005550008", to);

    Response first = list("to_number=" + encode(to) + "&limit=1", AUTH);
    Response second = list("to_number=" + encode(to) + "&limit=1&offset=1", AUTH);

    assertThat(first.json().get("objects"))
        .extracting(o -> o.get("message_uuid").asText())
        .containsExactly(newer);
    assertThat(first.json().get("meta").get("next").asText())
        .isEqualTo("/v1/Account/" + DevCredentials.PLIVO_ID + "/Message/?limit=1&offset=1");
    assertThat(second.json().get("objects"))
        .extracting(o -> o.get("message_uuid").asText())
        .containsExactly(older);
    assertThat(second.json().get("meta").get("next").isNull()).isTrue();
  }

  @Test
  void givenATimeFilterAfterTheMessages_whenListed_nothingShouldMatch() {
    String to = uniqueNumber();
    send("+15005550008", to);

    Response later =
        list(
            "to_number="
                + encode(to)
                + "&message_time__gt="
                + encode(FILTER.format(clock.instant().plusSeconds(60))),
            AUTH);

    assertThat(later.json().get("objects")).isEmpty();
  }

  @Test
  void givenALimitOver20OrABadTime_whenListed_itShouldSay400() {
    Response limit = list("limit=21", AUTH);
    Response time = list("message_time__gte=" + encode("March 1st"), AUTH);

    for (Response r : new Response[] {limit, time}) {
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("error").asText()).isNotBlank();
    }
  }

  @Test
  void givenWrongCredentials_whenListed_itShouldSay401() {
    Response wrong =
        list(
            "limit=1",
            Map.of("Authorization", WebhookCalls.basic(DevCredentials.PLIVO_ID, "guess")));
    Response none = list("limit=1", Map.of());

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(none.status()).isEqualTo(401);
  }
}
