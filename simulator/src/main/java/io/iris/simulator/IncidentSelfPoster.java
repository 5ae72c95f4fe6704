package io.iris.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Sends what the simulated Slack and PagerDuty send when a person acts there (a button click, an
 * acknowledge in PagerDuty) to the platform's webhooks ({@code iris.simulator.platform-url}: this
 * process when the simulator runs inside the platform), once and synchronously, so the caller of
 * the simulator sees the webhook's answer.
 */
@Component
@Profile("dev")
class IncidentSelfPoster implements DisposableBean {

  /** The answer of our webhook. */
  record Answer(int status, String body) {}

  private final SimulatorUrls selfUrls;
  private final Duration timeout;
  private final HttpClient http;

  IncidentSelfPoster(SimulatorUrls selfUrls, SimulatorSettings settings) {
    this.selfUrls = selfUrls;
    this.timeout = settings.callbackTimeout();
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.callbackTimeout())
            .build();
  }

  /**
   * POSTs the body to {@code path} on the platform.
   *
   * @throws SimulatorProblem (503) when the platform's webhook cannot be reached
   */
  Answer post(String path, String contentType, byte[] body, Map<String, String> headers) {
    String url = selfUrls.platform() + path;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw SimulatorProblem.unavailable("The webhook " + path + " could not be reached: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SimulatorProblem.unavailable("Interrupted while calling the webhook " + path + ".");
    }
  }

  @Override
  public void destroy() {
    http.shutdownNow();
  }
}
