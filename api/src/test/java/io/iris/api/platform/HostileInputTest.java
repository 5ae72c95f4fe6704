package io.iris.api.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and malformed input at the HTTP edge: one text rule for every field, strict JSON, size
 * limits, and the container's own refusals, all answered as problem+json naming what is wrong.
 */
class HostileInputTest extends ApiTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  String key;

  @BeforeEach
  void tenant() {
    key = createTenant(uniqueName("hostile")).get("apiKey").asText();
  }

  private static String field(Response r) {
    return r.json().get("errors").get(0).get("field").asText();
  }

  private static void assertRefused(Response r, String field, String says) {
    assertProblem(r, 400);
    assertThat(r.json().has("errors")).as(r.body()).isTrue();
    assertThat(field(r)).isEqualTo(field);
    assertThat(r.json().get("detail").asText()).contains("'" + field + "'").contains(says);
  }

  @Test
  void givenANulCharacterInAnyTextField_whenPosted_itShouldBe400NamingTheField() {
    String nul = "a\\u0000b";
    assertRefused(
        api().post("/v1/tenants", ADMIN_KEY, "{\"name\":\"" + nul + "\"}"), "name", "NUL");
    assertRefused(
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"" + nul + "\"}"),
        "body",
        "NUL");
    assertRefused(
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"hi\","
                    + "\"metadata\":{\"order\":\""
                    + nul
                    + "\"}}"),
        "metadata.order",
        "NUL");
    assertRefused(
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"hi\","
                    + "\"metadata\":{\""
                    + nul
                    + "\":\"x\"}}"),
        "metadata",
        "key");
    assertRefused(
        api()
            .post(
                "/v1/templates",
                key,
                "{\"name\":\"t\",\"channel\":\"sms\",\"body\":\"" + nul + "\"}"),
        "body",
        "NUL");
    assertRefused(
        api()
            .post(
                "/v1/messages/batch",
                key,
                "{\"channel\":\"sms\",\"body\":\"hi\",\"recipients\":[{\"to\":\"+14155550100\"},"
                    + "{\"to\":\"+1415555\\u00000101\"}]}"),
        "recipients[1].to",
        "NUL");
    // Incidents and suppressions used to strip it; now the same rule refuses it.
    assertRefused(
        api().post("/v1/incidents", ADMIN_KEY, "{\"title\":\"" + nul + "\",\"severity\":\"low\"}"),
        "title",
        "NUL");
    assertRefused(
        api()
            .post(
                "/v1/suppressions",
                key,
                "{\"channel\":\"email\",\"address\":\"x@example.com\",\"detail\":\"" + nul + "\"}"),
        "detail",
        "NUL");
  }

  @Test
  void givenALoneSurrogate_whenPosted_itShouldBe400RatherThanSentAsAQuestionMark() {
    Response lone =
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"hi \\ud800 there\"}");
    assertRefused(lone, "body", "U+D800");
    Response lowOnly = api().post("/v1/tenants", ADMIN_KEY, "{\"name\":\"x\\udc00\"}");
    assertRefused(lowOnly, "name", "U+DC00");

    // A proper pair (an emoji) is text like any other.
    Response pair =
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"hi \\ud83d\\ude00\"}");
    assertThat(pair.status()).as(pair.body()).isEqualTo(202);
  }

  @Test
  void givenANulCharacterInAQueryParameter_whenCalled_itShouldBe400NamingTheParameter() {
    Response r = api().delete("/v1/suppressions?channel=sms&address=%2B1415%00", key);
    assertProblem(r, 400);
    assertThat(field(r)).isEqualTo("address");
    assertThat(r.json().get("detail").asText()).startsWith("Parameter 'address'").contains("NUL");
  }

  @Test
  void givenAnEmptyOrMistypedTenantIdFilter_whenListingTheAuditLog_itShouldBe400() {
    Response empty = api().get("/v1/audit-logs?tenantId=", ADMIN_KEY);
    assertProblem(empty, 400);
    assertThat(field(empty)).isEqualTo("tenantId");
    assertThat(empty.json().get("detail").asText()).contains("must not be empty");

    Response mistyped = api().get("/v1/audit-logs?tenantId=acme", ADMIN_KEY);
    assertProblem(mistyped, 400);
    assertThat(mistyped.json().get("detail").asText())
        .isEqualTo("Parameter 'tenantId' must be a UUID.");
  }

  @Test
  void givenContentAfterTheJsonBody_whenPosted_itShouldBeRefusedNotIgnored() {
    String name = uniqueName("trailing");
    Response second =
        api().post("/v1/tenants", ADMIN_KEY, "{\"name\":\"" + name + "\"} {\"name\":\"y\"}");
    assertProblem(second, 400);
    assertThat(second.json().get("detail").asText()).contains("after its JSON value");
    Response garbage = api().post("/v1/tenants", ADMIN_KEY, "{\"name\":\"" + name + "\"}xyz");
    assertProblem(garbage, 400);
    // Neither created the tenant.
    assertThat(api().post("/v1/tenants", ADMIN_KEY, "{\"name\":\"" + name + "\"}").status())
        .isEqualTo(201);
  }

  @Test
  void givenAKeyTwiceInOneObject_whenPosted_itShouldBe400NamingTheKey() {
    Response top =
        api()
            .post(
                "/v1/tenants", ADMIN_KEY, "{\"name\":\"a\",\"name\":\"" + uniqueName("b") + "\"}");
    assertRefused(top, "name", "more than once");
    Response nested =
        api()
            .post(
                "/v1/messages",
                key,
                "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"hi\","
                    + "\"metadata\":{\"a\":\"1\",\"a\":\"2\"}}");
    assertRefused(nested, "metadata.a", "more than once");
  }

  @Test
  void givenABodyOverTheLimit_whenPostedWithALengthOrChunked_itShouldBe413BeforeParsing()
      throws Exception {
    // iris.api.max-request-size is 1MB in the test profile.
    String big =
        "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"hi\",\"metadata\":{\"k\":\""
            + "x".repeat(1024 * 1024)
            + "\"}}";
    Response declared = api().post("/v1/messages", key, big);
    assertProblem(declared, 413);
    assertThat(declared.json().get("detail").asText()).contains("1048576 bytes");

    HttpClient http = HttpClient.newHttpClient();
    byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/messages"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            // No length known up front: sent chunked.
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
            .build();
    HttpResponse<String> r = http.send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(JSON.readTree(r.body()).get("type").asText())
        .isEqualTo("https://iris.dev/problems/payload-too-large");
  }

  @Test
  void givenHeadersOverTheLimit_whenSent_itShouldBe431ProblemJsonNotAnHtmlPage()
      throws IOException {
    String raw =
        rawHttp(
            "GET /v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + key
                + "\r\nX-Padding: "
                + "p".repeat(9 * 1024)
                + "\r\nConnection: close\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 431");
    assertThat(raw).containsIgnoringCase("Content-Type: application/problem+json");
    JsonNode problem = JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
    assertThat(problem.get("status").asInt()).isEqualTo(431);
    assertThat(problem.get("type").asText()).startsWith("https://iris.dev/problems/");
    assertThat(raw).doesNotContain("<html").doesNotContain("Apache Tomcat");
  }

  @Test
  void givenAnEncodedSlashInThePath_whenCalled_itShouldBe400ProblemJsonNotAnHtmlPage()
      throws IOException {
    String raw =
        rawHttp(
            "GET /v1/messages/a%2Fb HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + key
                + "\r\nConnection: close\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 400");
    assertThat(raw).containsIgnoringCase("Content-Type: application/problem+json");
    JsonNode problem = JSON.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("detail").asText()).contains("%2F");
    assertThat(raw).doesNotContain("<html").doesNotContain("Apache Tomcat");
  }

  /** Exactly these bytes to the server, and everything it answers (the connection is closed). */
  private String rawHttp(String request) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      // A chunked answer: keep only the JSON between the chunk sizes.
      if (answer.toLowerCase().contains("transfer-encoding: chunked")) {
        int start = answer.indexOf("\r\n\r\n") + 4;
        String head = answer.substring(0, start);
        String body = answer.substring(start);
        StringBuilder json = new StringBuilder();
        while (!body.isEmpty()) {
          int eol = body.indexOf("\r\n");
          int size = Integer.parseInt(body.substring(0, eol).trim(), 16);
          if (size == 0) {
            break;
          }
          json.append(body, eol + 2, eol + 2 + size);
          body = body.substring(eol + 2 + size + 2);
        }
        return head + json;
      }
      return answer;
    }
  }
}
