package io.iris.integrations.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.mock.env.MockEnvironment;

/**
 * A fake provider on a local port: each test queues the provider's documented answers and checks
 * the exact request the adapter made. Base URLs carry {@code {local-port}}, set to the server's
 * port, so every test also proves URLs are resolved at call time.
 */
public abstract class ProviderContractTest {

  protected static final Duration READ_TIMEOUT = Duration.ofMillis(750);

  private static final ObjectMapper JSON = new ObjectMapper();

  protected MockWebServer server;
  protected MockEnvironment environment;
  protected ProviderHttp http;
  protected StatusCallbacks callbacks;

  @BeforeEach
  protected void startFakeProvider() throws IOException {
    server = new MockWebServer();
    server.start();
    environment =
        new MockEnvironment().withProperty("local.server.port", Integer.toString(server.getPort()));
    http = ProviderFixtures.http(environment, READ_TIMEOUT);
    callbacks = ProviderFixtures.callbacks(environment);
  }

  @AfterEach
  protected void stopFakeProvider() throws IOException {
    server.shutdown();
  }

  protected String localUrl(String path) {
    return "http://localhost:" + server.getPort() + path;
  }

  protected void answer(int status, String jsonBody) {
    server.enqueue(
        new MockResponse()
            .setResponseCode(status)
            .setHeader("Content-Type", "application/json")
            .setBody(jsonBody));
  }

  protected void answer(MockResponse response) {
    server.enqueue(response);
  }

  protected void answerNothing() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
  }

  protected RecordedRequest request() throws InterruptedException {
    RecordedRequest request = server.takeRequest(2, TimeUnit.SECONDS);
    assertThat(request).as("the adapter should have called the provider").isNotNull();
    return request;
  }

  protected void assertNoCall() {
    assertThat(server.getRequestCount()).as("requests to the provider").isZero();
  }

  protected static JsonNode json(RecordedRequest request) throws IOException {
    return JSON.readTree(request.getBody().clone().readUtf8());
  }

  protected static Map<String, String> form(RecordedRequest request) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : request.getBody().clone().readUtf8().split("&")) {
      int eq = pair.indexOf('=');
      fields.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
    }
    return fields;
  }

  protected static ProviderException failure(ThrowingCallable call) {
    ProviderException failure = catchThrowableOfType(ProviderException.class, call);
    assertThat(failure).as("a ProviderException").isNotNull();
    return failure;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
