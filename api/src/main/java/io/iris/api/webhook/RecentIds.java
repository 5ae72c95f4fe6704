package io.iris.api.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids (event ids, webhook ids, signatures) of the requests seen most recently, to drop the
 * duplicates senders produce when they retry. Bounded: the oldest are forgotten first, and a
 * duplicate that slips through is harmless anyway (every action it carries is idempotent).
 */
public final class RecentIds {

  private final Map<String, Boolean> seen;

  public RecentIds(int capacity) {
    int bound = Math.max(1, capacity);
    this.seen =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > bound;
          }
        };
  }

  public synchronized boolean contains(String id) {
    return seen.containsKey(id);
  }

  public synchronized void remember(String id) {
    seen.put(id, Boolean.TRUE);
  }

  /** Remembers {@code id}; false when it was already remembered (a duplicate). */
  public synchronized boolean firstTime(String id) {
    return seen.put(id, Boolean.TRUE) == null;
  }

  /** Forgets {@code id}, so a redelivery is handled (the first attempt failed). */
  public synchronized void forget(String id) {
    seen.remove(id);
  }
}
