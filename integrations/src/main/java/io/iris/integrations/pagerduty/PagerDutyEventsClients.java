package io.iris.integrations.pagerduty;

import com.github.dikhan.pagerduty.client.events.PagerDutyEventsClient;
import com.mashape.unirest.http.Unirest;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The library's clients, one per events URL (the URL is resolved at call time, so it can name this
 * process's port). Every client is made with retries off: the library would otherwise sleep for up
 * to about 90 s inside the activity, while the activity's retry policy is what should retry.
 *
 * <p>The library sends through Unirest, whose HTTP settings are global and static; the timeouts are
 * set there when this is made, and again only if they change.
 */
public final class PagerDutyEventsClients {

  private static final int MAX_CLIENTS = 16;
  private static final Object UNIREST = new Object();
  private static Duration unirestConnectTimeout;
  private static Duration unirestReadTimeout;

  private final ConcurrentMap<String, PagerDutyEventsClient> clients = new ConcurrentHashMap<>();

  /**
   * @param connectTimeout how long to wait for a connection
   * @param readTimeout how long to wait for the answer
   */
  public PagerDutyEventsClients(Duration connectTimeout, Duration readTimeout) {
    configureUnirest(connectTimeout, readTimeout);
  }

  /** The client that posts events to {@code eventsUrl}. */
  public PagerDutyEventsClient forUrl(String eventsUrl) {
    PagerDutyEventsClient client = clients.get(eventsUrl);
    if (client != null) {
      return client;
    }
    if (clients.size() >= MAX_CLIENTS) {
      clients.clear();
    }
    return clients.computeIfAbsent(eventsUrl, url -> PagerDutyEventsClient.create(url, false));
  }

  private static void configureUnirest(Duration connectTimeout, Duration readTimeout) {
    synchronized (UNIREST) {
      if (connectTimeout.equals(unirestConnectTimeout) && readTimeout.equals(unirestReadTimeout)) {
        return;
      }
      // Rebuilds Unirest's shared HTTP clients with these timeouts.
      Unirest.setTimeouts(connectTimeout.toMillis(), readTimeout.toMillis());
      unirestConnectTimeout = connectTimeout;
      unirestReadTimeout = readTimeout;
    }
  }
}
