package io.iris.api.incident.pagerduty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook deliveries seen most recently, by id, to drop PagerDuty's redeliveries (delivery is
 * at least once; a retried delivery keeps its {@code X-Webhook-Id}). Bounded: the oldest ids are
 * forgotten first, and a duplicate that slips through is harmless (acknowledging twice changes
 * nothing).
 */
final class RecentWebhooks {

  private final Map<String, Boolean> seen;

  RecentWebhooks(int capacity) {
    int bound = Math.max(1, capacity);
    this.seen =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > bound;
          }
        };
  }

  /** Remembers {@code id}; false when it was already remembered (a redelivery). */
  synchronized boolean firstDelivery(String id) {
    return seen.put(id, Boolean.TRUE) == null;
  }

  /** Forgets {@code id}, so a redelivery is handled (the first one failed). */
  synchronized void forget(String id) {
    seen.remove(id);
  }
}
