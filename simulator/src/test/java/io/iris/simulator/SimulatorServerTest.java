package io.iris.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/** The simulator as a process of its own: its application, on a port of its own. */
class SimulatorServerTest {

  static ConfigurableApplicationContext server;
  static String base;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server =
        SimulatorServer.application()
            .run(
                "--server.port=0",
                "--iris.simulator.key-dir=",
                "--IRIS_TWILIO_AUTH_TOKEN=tok",
                "--PORT=8099");
    base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void givenTheServer_itShouldServeTheControlRoutesWithProblemsForUnknownProviders()
      throws Exception {
    assertThat(send(HttpRequest.newBuilder(URI.create(base + "/sim/twilio/behavior"))).statusCode())
        .isEqualTo(200);
    HttpResponse<String> unknown =
        send(HttpRequest.newBuilder(URI.create(base + "/sim/pigeon/messages")));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(unknown.body()).contains("https://iris.dev/problems/not-found");
  }

  @Test
  void givenTheServer_itShouldCheckTheAccountsItReadsFromTheSameVariablesAsThePlatform()
      throws Exception {
    Environment environment = server.getEnvironment();
    String sid = environment.getProperty("iris.providers.twilio.account-sid");
    assertThat(environment.getProperty("iris.providers.twilio.auth-token")).isEqualTo("tok");
    String messages = base + "/sim/twilio/2010-04-01/Accounts/" + sid + "/Messages.json";
    String form = "To=%2B15558675310&From=%2B15005550006&Body=hi";

    HttpResponse<String> wrong = send(post(messages, sid + ":not-the-token", form));
    HttpResponse<String> right = send(post(messages, sid + ":tok", form));

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).as(right.body()).isEqualTo(201);
  }

  @Test
  void givenNoPlatformUrl_itShouldCallBackThePlatformsPortNotItsOwn() {
    // PORT is the platform's port in `make run`; the simulator listens on IRIS_SIMULATOR_PORT.
    assertThat(server.getBean(SimulatorUrls.class).platform()).isEqualTo("http://localhost:8099");
  }

  private static HttpRequest.Builder post(String url, String userPassword, String form) {
    return HttpRequest.newBuilder(URI.create(url))
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
  }
}
