package io.iris.api.incident.slack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signatures of the interactions accepted most recently. A valid request sent again within the
 * timestamp tolerance (a replay, or a proxy retrying) is answered but not acted on twice. Bounded:
 * the oldest are forgotten first; a repeat that slips through is harmless anyway, as incident
 * actions are idempotent.
 */
final class RecentSignatures {

  private final Map<String, Boolean> seen;

  RecentSignatures(int capacity) {
    this.seen =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Remembers the signature; false when it was already there. */
  synchronized boolean firstTime(String signature) {
    return seen.putIfAbsent(signature, Boolean.TRUE) == null;
  }
}
