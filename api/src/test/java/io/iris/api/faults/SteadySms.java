package io.iris.api.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.support.ApiClient;
import io.iris.api.support.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steady SMS traffic through the API for the fault tests: a send every 1/rate seconds until
 * stopped, each accepted one recorded with its recipient (unique, under the test's prefix) and the
 * moment it was accepted, each refusal counted; and the routing reads those tests share.
 */
final class SteadySms {

  record Sent(String id, String to, Instant at) {}

  /** Every message accepted, in order. */
  final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();

  /** Sends the API refused. */
  final AtomicInteger refused = new AtomicInteger();

  private final ApiClient api;
  private final String key;
  private final String prefix;
  private final String tag;
  private final AtomicInteger counter = new AtomicInteger();
  private ScheduledExecutorService ticks;
  private ExecutorService posts;

  /**
   * @param prefix the recipients' prefix (four digits follow)
   * @param tag the messages' body and the log lines' prefix
   */
  SteadySms(ApiClient api, String key, String prefix, String tag) {
    this.api = api;
    this.key = key;
    this.prefix = prefix;
    this.tag = tag;
  }

  synchronized void start(int perSecond) {
    ticks = Executors.newSingleThreadScheduledExecutor();
    posts = Executors.newFixedThreadPool(4);
    ExecutorService out = posts;
    ticks.scheduleAtFixedRate(
        () -> out.submit(this::sendOne), 0, 1000 / perSecond, TimeUnit.MILLISECONDS);
  }

  /** Stops the ticks and waits for the posts already out. */
  synchronized void stop() throws InterruptedException {
    ticks.shutdown();
    ticks.awaitTermination(10, TimeUnit.SECONDS);
    posts.shutdown();
    posts.awaitTermination(30, TimeUnit.SECONDS);
  }

  private void sendOne() {
    String to = prefix + String.format("%04d", counter.getAndIncrement());
    Response r =
        api.post(
            "/v1/messages",
            key,
            "{\"channel\":\"sms\",\"to\":\"" + to + "\",\"body\":\"" + tag + " test\"}");
    if (r.status() == 202) {
      sent.add(new Sent(r.json().get("id").asText(), to, Instant.now()));
    } else {
      refused.incrementAndGet();
      System.out.println("[" + tag + "] a send was refused: " + r.status() + " " + r.body());
    }
  }

  /** {@code GET /v1/routing/sms}. */
  static JsonNode routing(ApiClient api, String adminKey) {
    Response r = api.get("/v1/routing/sms", adminKey);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /** The provider routing puts first, once traffic has given it a delivery score. */
  static String scoredPrimary(ApiClient api, String adminKey) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              JsonNode first = routing(api, adminKey).get("providers").get(0);
              return first.hasNonNull("score") && first.at("/score/delivery").asDouble() > 0;
            });
    return routing(api, adminKey).get("providers").get(0).get("name").asText();
  }
}
