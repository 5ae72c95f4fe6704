package io.iris.activities.remediation;

import io.iris.activities.routing.RoutingSnapshot;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies {@code clear_cache} in this process: on each new {@code cache.generation} it drops the
 * routing snapshot's local breaker trips and starts the breaker windows afresh ({@link
 * RoutingSnapshot#clearLocal}), and reloads the routing states, tenant throttles and blocked
 * addresses from the database; the anomaly baselines' hours are read again at the next detection.
 */
@Component
public class CacheGeneration {

  private static final Logger log = LoggerFactory.getLogger(CacheGeneration.class);

  private final AtomicLong seen = new AtomicLong(-1);

  public CacheGeneration(
      PlatformControls controls, RoutingSnapshot routing, TenantThrottles throttles) {
    this(controls, routing, throttles, null);
  }

  @org.springframework.beans.factory.annotation.Autowired
  public CacheGeneration(
      PlatformControls controls,
      RoutingSnapshot routing,
      TenantThrottles throttles,
      HourlyBaselines baselines) {
    controls.onRefresh(
        c -> {
          long now = controls.longValue(PlatformControls.CACHE_GENERATION, 0);
          long before = seen.getAndSet(now);
          if (before >= 0 && now != before) {
            log.warn("remediation: cache generation {} -> {}: reloading the caches", before, now);
            routing.clearLocal();
            throttles.refresh();
            if (baselines != null) {
              baselines.clear();
            }
          }
        });
  }

  /** The generation last applied here (-1 before the first read). */
  public long generation() {
    return seen.get();
  }
}
