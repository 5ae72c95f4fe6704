package io.iris.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.send.receipts.WebhookCalls;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/** Postmark's "Outbound message search" as the simulator answers it. */
@ActiveProfiles({"dev", "test"})
class PostmarkSimulatorTest extends ApiTestBase {

  private static final Map<String, String> TOKEN =
      Map.of("X-Postmark-Server-Token", DevCredentials.POSTMARK_TOKEN);

  private String send(String to, String irisId) {
    Response r =
        WebhookCalls.post(
            port,
            "/sim/postmark/email",
            "application/json",
            "{\"From\":\"iris@simulator.invalid\",\"To\":\""
                + to
                + "\",\"Subject\":\"Hi\",\"TextBody\":\"Hello\",\"MessageStream\":\"outbound\","
                + "\"Metadata\":{\"iris_message_id\":\""
                + irisId
                + "\"}}",
            TOKEN);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("MessageID").asText();
  }

  private Response search(String query, Map<String, String> token) {
    return WebhookCalls.get(port, "/sim/postmark/messages/outbound?" + query, token);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String uniqueAddress() {
    return "search-" + UUID.randomUUID() + "@example.com";
  }

  @Test
  void givenOurMetadata_whenSearched_itShouldFindExactlyThatMessageWithItsMetadata() {
    String to = uniqueAddress();
    String ours = UUID.randomUUID().toString();
    String id = send(to, ours);
    send(to, UUID.randomUUID().toString());

    Response r =
        search(
            "count=50&offset=0&recipient=" + encode(to) + "&metadata_iris_message_id=" + ours,
            TOKEN);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("TotalCount").asInt()).isEqualTo(1);
    JsonNode found = r.json().get("Messages").get(0);
    assertThat(found.get("MessageID").asText()).isEqualTo(id);
    assertThat(found.get("Recipients").get(0).asText()).isEqualTo(to);
    assertThat(found.get("Metadata").get("iris_message_id").asText()).isEqualTo(ours);
    assertThat(found.get("MessageStream").asText()).isEqualTo("outbound");
    // Search results leave the bodies out.
    assertThat(found.has("TextBody")).isFalse();
  }

  @Test
  void givenSeveralMessages_whenSearchedByRecipient_itShouldPageNewestFirstByCountAndOffset() {
    String to = uniqueAddress();
    String older = send(to, UUID.randomUUID().toString());
    String newer = send(to, UUID.randomUUID().toString());

    Response first = search("count=1&offset=0&recipient=" + encode(to), TOKEN);
    Response second = search("count=1&offset=1&recipient=" + encode(to), TOKEN);

    assertThat(first.json().get("TotalCount").asInt()).isEqualTo(2);
    assertThat(first.json().get("Messages").get(0).get("MessageID").asText()).isEqualTo(newer);
    assertThat(second.json().get("Messages").get(0).get("MessageID").asText()).isEqualTo(older);
  }

  @Test
  void givenAnotherStreamOrUnknownMetadata_whenSearched_nothingShouldMatch() {
    String to = uniqueAddress();
    String ours = UUID.randomUUID().toString();
    send(to, ours);

    Response stream =
        search("count=10&offset=0&recipient=" + encode(to) + "&messagestream=broadcast", TOKEN);
    Response metadata =
        search(
            "count=10&offset=0&recipient="
                + encode(to)
                + "&metadata_iris_message_id="
                + UUID.randomUUID(),
            TOKEN);

    assertThat(stream.json().get("TotalCount").asInt()).isZero();
    assertThat(metadata.json().get("TotalCount").asInt()).isZero();
    assertThat(metadata.json().get("Messages")).isEmpty();
  }

  @Test
  void givenMissingOrOutOfRangePagingOrTwoMetadataFields_whenSearched_itShouldSay422() {
    for (String query :
        new String[] {
          "offset=0",
          "count=501&offset=0",
          "count=500&offset=9600",
          "count=1&offset=0&metadata_a=1&metadata_b=2"
        }) {
      Response r = search(query, TOKEN);
      assertThat(r.status()).as(query).isEqualTo(422);
      assertThat(r.json().get("Message").asText()).isNotBlank();
    }
  }

  @Test
  void givenAWrongOrNoToken_whenSearched_itShouldSay401WithErrorCode10() {
    Response wrong = search("count=1&offset=0", Map.of("X-Postmark-Server-Token", "guess"));
    Response none = search("count=1&offset=0", Map.of());

    for (Response r : new Response[] {wrong, none}) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.json().get("ErrorCode").asInt()).isEqualTo(10);
    }
  }
}
