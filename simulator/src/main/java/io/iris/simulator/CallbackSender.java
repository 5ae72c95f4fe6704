package io.iris.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * What the simulated providers do after answering: status changes and signed callbacks, each story
 * on its own virtual thread, callbacks retried while our webhook fails (as the providers do).
 */
@Component
@Profile("dev")
class CallbackSender implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);

  /** A provider's steps after accepting a message. */
  @FunctionalInterface
  interface Story {
    void run() throws InterruptedException;
  }

  /**
   * One callback request, built per attempt (some providers re-sign or count attempts).
   *
   * @param headers extra headers, signatures included
   */
  record Callback(String contentType, byte[] body, Map<String, String> headers) {}

  private final SimulatorSettings settings;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http;

  CallbackSender(SimulatorSettings settings) {
    this.settings = settings;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.callbackTimeout())
            .build();
  }

  /** Runs the story in the background; a failure in it is logged, never thrown at the sender. */
  void tell(String provider, String messageId, Story story) {
    executor.execute(
        () -> {
          try {
            story.run();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            log.warn("Simulated {} story for message {} failed", provider, messageId, e);
          }
        });
  }

  /** Waits the configured receipt delay. */
  void pause() throws InterruptedException {
    Thread.sleep(settings.receiptDelay());
  }

  /**
   * POSTs the callback until it is answered 2xx, the answer says retrying is pointless (4xx other
   * than 408/429), or the attempts run out.
   *
   * @return true when it was accepted
   */
  boolean deliver(String provider, String url, IntFunction<Callback> attempt)
      throws InterruptedException {
    int attempts = Math.max(1, settings.callbackAttempts());
    for (int n = 1; n <= attempts; n++) {
      Callback callback = attempt.apply(n);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(settings.callbackTimeout())
              .header("Content-Type", callback.contentType())
              .POST(HttpRequest.BodyPublishers.ofByteArray(callback.body()));
      callback.headers().forEach(request::header);
      try {
        int status =
            http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
          return true;
        }
        boolean retryable = status >= 500 || status == 408 || status == 429;
        log.warn(
            "Simulated {} callback to {} answered {} (attempt {} of {})",
            provider,
            url,
            status,
            n,
            attempts);
        if (!retryable) {
          return false;
        }
      } catch (IOException | IllegalArgumentException e) {
        log.warn(
            "Simulated {} callback to {} failed: {} (attempt {} of {})",
            provider,
            url,
            e.toString(),
            n,
            attempts);
      }
      if (n < attempts) {
        Thread.sleep(settings.callbackRetryDelay().multipliedBy(n));
      }
    }
    return false;
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
    http.shutdownNow();
  }
}
