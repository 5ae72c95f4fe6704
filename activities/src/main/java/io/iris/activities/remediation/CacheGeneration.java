package io.iris.activities.remediation;

import io.iris.activities.routing.RoutingSnapshot;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies {@code clear_cache} in this process: on each new {@code cache.generation} it reloads the
 * routing snapshot and the tenant throttles and blocked addresses from the database.
 */
@Component
public class CacheGeneration {

  private static final Logger log = LoggerFactory.getLogger(CacheGeneration.class);

  private final AtomicLong seen = new AtomicLong(-1);

  public CacheGeneration(
      PlatformControls controls, RoutingSnapshot routing, TenantThrottles throttles) {
    controls.onRefresh(
        c -> {
          long now = controls.longValue(PlatformControls.CACHE_GENERATION, 0);
          long before = seen.getAndSet(now);
          if (before >= 0 && now != before) {
            log.warn("remediation: cache generation {} -> {}: reloading the caches", before, now);
            routing.refresh();
            throttles.refresh();
          }
        });
  }

  /** The generation last applied here (-1 before the first read). */
  public long generation() {
    return seen.get();
  }
}
