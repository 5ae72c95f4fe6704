package io.iris.api.send.receipts;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the callbacks seen most recently, to drop the duplicates providers send when they
 * retry. Bounded: the oldest ids are forgotten first, and a duplicate that slips through is
 * harmless anyway (a send's status only moves forward).
 */
final class RecentEvents {

  private final Map<String, Boolean> seen;

  RecentEvents(int capacity) {
    this.seen =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized boolean contains(String eventKey) {
    return seen.containsKey(eventKey);
  }

  synchronized void remember(String eventKey) {
    seen.put(eventKey, Boolean.TRUE);
  }
}
