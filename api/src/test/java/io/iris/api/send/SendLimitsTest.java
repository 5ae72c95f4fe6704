package io.iris.api.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies limited per channel as the providers limit them (with SMS segments counted and reported),
 * every free-form map bounded, and recipients under the adapters' own rule.
 */
class SendLimitsTest extends ApiTestBase {

  String key;

  @BeforeEach
  void tenant() {
    key = createTenant(uniqueName("limits")).get("apiKey").asText();
  }

  private Response send(String channel, String to, String bodyJson, String more) {
    return api()
        .post(
            "/v1/messages",
            key,
            "{\"channel\":\""
                + channel
                + "\",\"to\":\""
                + to
                + "\",\"body\":"
                + bodyJson
                + more
                + "}");
  }

  private static String quoted(String text) {
    return "\"" + text + "\"";
  }

  private static void assertRefused(Response r, String field, String... says) {
    assertProblem(r, 400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).as(r.body()).isEqualTo(field);
    assertThat(r.json().get("detail").asText()).contains("'" + field + "'").contains(says);
  }

  @Test
  void givenAnSmsOver1600Characters_whenSent_itShouldBe400NamingTheBodyAndTheLimit() {
    Response r = send("sms", "+14155550100", quoted("a".repeat(1601)), "");
    assertRefused(r, "body", "at most 1600 characters", "1601");
  }

  @Test
  void givenAnSmsOverTenSegments_whenSent_itShouldBe400WithTheSegmentsItNeeds() {
    // 1,531 GSM-7 characters are 11 segments, more than Telnyx takes.
    Response gsm = send("sms", "+14155550100", quoted("a".repeat(1531)), "");
    assertRefused(gsm, "body", "10 SMS segments", "needs 11", "GSM-7");
    // 671 UCS-2 characters are 11 segments too.
    Response ucs = send("sms", "+14155550100", quoted("ж".repeat(671)), "");
    assertRefused(ucs, "body", "10 SMS segments", "needs 11", "UCS-2");
  }

  @Test
  void givenAnSmsWithinTheLimits_whenSent_the202ShouldReportItsEncodingAndSegments() {
    Response twoGsm = send("sms", "+14155550100", quoted("a".repeat(200)), "");
    assertThat(twoGsm.status()).as(twoGsm.body()).isEqualTo(202);
    assertThat(twoGsm.json().get("segments").asInt()).isEqualTo(2);
    assertThat(twoGsm.json().get("encoding").asText()).isEqualTo("GSM-7");
    assertThat(twoGsm.json().has("id")).isTrue();

    Response oneUcs = send("sms", "+14155550100", quoted("hi \\ud83d\\ude00"), "");
    assertThat(oneUcs.status()).as(oneUcs.body()).isEqualTo(202);
    assertThat(oneUcs.json().get("segments").asInt()).isEqualTo(1);
    assertThat(oneUcs.json().get("encoding").asText()).isEqualTo("UCS-2");

    Response email = send("email", "ada@example.com", quoted("hi"), ",\"subject\":\"s\"");
    assertThat(email.status()).as(email.body()).isEqualTo(202);
    assertThat(email.json().has("segments")).isFalse();
  }

  @Test
  void givenBodiesOverTheirChannelsByteLimits_whenSent_theyShouldBe400() {
    // FCM's 4,096-byte payload counts the title, the body and the data (metadata).
    Response push =
        send(
            "push",
            "device-token-1",
            quoted("é".repeat(2000)),
            ",\"metadata\":{\"k\":\"" + "v".repeat(97) + "\"}");
    assertRefused(push, "body", "at most 4096 bytes", "push", "4098");
    Response email = send("email", "ada@example.com", quoted("e".repeat(256 * 1024 + 1)), "");
    assertRefused(email, "body", "at most 262144 bytes", "email");
    Response slack = send("slack", "C0123", quoted("s".repeat(40_001)), "");
    assertRefused(slack, "body", "at most 40000 characters", "slack");
  }

  @Test
  void givenATemplate_whenItsTextOrItsRenderingIsOverTheLimit_itShouldBe400() {
    Response tooLong =
        api()
            .post(
                "/v1/templates",
                key,
                "{\"name\":\"long\",\"channel\":\"sms\",\"body\":\"{{name}} "
                    + "a".repeat(1600)
                    + "\"}");
    assertRefused(tooLong, "body", "without its placeholders", "1600");

    Response created =
        api()
            .post(
                "/v1/templates",
                key,
                "{\"name\":\"short\",\"channel\":\"sms\",\"body\":\"Hi {{name}}\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String templateId = created.json().get("id").asText();
    String longName = "n".repeat(1600);
    Response rendered =
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"templateId\":\""
                    + templateId
                    + "\",\"variables\":{\"name\":\""
                    + longName.substring(0, 1599)
                    + "\"}}");
    assertRefused(rendered, "body", "as rendered from the template", "1600");

    Response batch =
        api()
            .post(
                "/v1/messages/batch",
                key,
                "{\"channel\":\"sms\",\"templateId\":\""
                    + templateId
                    + "\",\"recipients\":[{\"to\":\"+14155550100\",\"variables\":{\"name\":\"Ada\"}},"
                    + "{\"to\":\"+14155550101\",\"variables\":{\"name\":\""
                    + longName.substring(0, 1599)
                    + "\"}}]}");
    assertRefused(batch, "recipients[1].body", "as rendered from the template");
  }

  @Test
  void givenABatchWithAnOversizedBody_whenSent_itShouldBe400() {
    Response batch =
        api()
            .post(
                "/v1/messages/batch",
                key,
                "{\"channel\":\"sms\",\"body\":\""
                    + "a".repeat(1601)
                    + "\",\"recipients\":[{\"to\":\"+14155550100\"}]}");
    assertRefused(batch, "body", "1600");
  }

  @Test
  void givenMetadataOrVariablesOverTheirLimits_whenSent_itShouldBe400NamingTheField() {
    String fiftyOne =
        IntStream.range(0, 51)
            .mapToObj(i -> "\"k" + i + "\":\"v\"")
            .collect(Collectors.joining(",", "{", "}"));
    assertRefused(
        send("sms", "+14155550100", quoted("hi"), ",\"metadata\":" + fiftyOne),
        "metadata",
        "at most 50 entries");
    assertRefused(
        send(
            "sms",
            "+14155550100",
            quoted("hi"),
            ",\"metadata\":{\"order\":\"" + "x".repeat(501) + "\"}"),
        "metadata.order",
        "at most 500 characters");
    assertRefused(
        send(
            "sms",
            "+14155550100",
            quoted("hi"),
            ",\"metadata\":{\"" + "k".repeat(41) + "\":\"v\"}"),
        "metadata",
        "key longer than 40");
    Response batch =
        api()
            .post(
                "/v1/messages/batch",
                key,
                "{\"channel\":\"sms\",\"body\":\"hi\",\"recipients\":[{\"to\":\"+14155550100\","
                    + "\"variables\":{\"v\":\""
                    + "x".repeat(2001)
                    + "\"}}]}");
    assertRefused(batch, "recipients[0].variables.v", "at most 2000 characters");
  }

  @Test
  void givenRecipientsTheAdaptersWouldRefuse_whenSent_theApiShouldRefuseThemFirst() {
    assertRefused(
        send("email", "ada..lovelace@example.com", quoted("hi"), ""), "to", "email address");
    assertRefused(send("email", "<ada>@example.com", quoted("hi"), ""), "to", "email address");
    assertRefused(send("slack", "C01 23", quoted("hi"), ""), "to", "Slack channel id");
    assertRefused(
        send("teams", "https://outlook.webhook.office.com/webhookb2/x", quoted("hi"), ""),
        "to",
        "allowed-hosts");
    assertRefused(send("sms", "+1 415 555 0100", quoted("hi"), ""), "to", "E.164");
    Response fine = send("email", " ada@example.com ", quoted("hi"), "");
    assertThat(fine.status()).as(fine.body()).isEqualTo(202);
  }
}
