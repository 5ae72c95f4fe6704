package io.iris.api.send;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.iris.activities.remediation.TenantThrottles;
import io.iris.activities.remediation.TenantThrottles.Throttle;
import io.iris.api.problem.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The send path's check of a tenant throttle ({@code tenant_throttles}, set by a remediation): a
 * Bucket4j token bucket per throttled tenant, made from the in-memory snapshot (never a database
 * read per request) and remade when the throttle changes. Over the rate the request is refused with
 * 429 and {@code Retry-After} before anything is accepted, so nothing is lost. Per process: K api
 * processes admit up to K × the rate.
 */
@Component
class TenantRateLimits {

  private record Limited(Throttle throttle, Bucket bucket) {}

  private final TenantThrottles throttles;
  private final Clock clock;
  private final Map<UUID, Limited> buckets = new ConcurrentHashMap<>();

  TenantRateLimits(TenantThrottles throttles, Clock clock) {
    this.throttles = throttles;
    this.clock = clock;
  }

  /** Takes one send from the tenant's bucket, or throws 429 when it is empty. */
  void acquire(UUID tenantId) {
    Optional<Throttle> throttle = throttles.throttle(tenantId);
    if (throttle.isEmpty()) {
      buckets.remove(tenantId);
      return;
    }
    Throttle t = throttle.get();
    Limited limited =
        buckets.compute(
            tenantId, (id, old) -> old != null && old.throttle().equals(t) ? old : bucket(t));
    ConsumptionProbe probe = limited.bucket().tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L;
      throw ApiProblem.tooManyRequests(
          "The tenant is throttled to "
              + t.perSecond()
              + " messages per second (burst "
              + t.burst()
              + ") until "
              + t.expiresAt()
              + ": "
              + t.reason()
              + ". Nothing was accepted; retry after "
              + Math.max(1, seconds)
              + " s.",
          seconds);
    }
  }

  /** A batch is refused whole while the tenant is throttled (until the throttle ends). */
  void refuseBatchIfThrottled(UUID tenantId) {
    Optional<Throttle> throttle = throttles.throttle(tenantId);
    if (throttle.isPresent()) {
      Throttle t = throttle.get();
      long seconds = Math.max(1, Duration.between(clock.instant(), t.expiresAt()).toSeconds() + 1);
      throw ApiProblem.tooManyRequests(
          "The tenant is throttled until "
              + t.expiresAt()
              + " ("
              + t.reason()
              + "): batches are refused whole meanwhile; nothing was accepted.",
          seconds);
    }
  }

  private static Limited bucket(Throttle t) {
    long perThousandSeconds = Math.max(1, Math.round(t.perSecond() * 1000));
    Bucket bucket =
        Bucket.builder()
            .addLimit(
                limit ->
                    limit
                        .capacity(Math.max(1, t.burst()))
                        .refillGreedy(perThousandSeconds, Duration.ofSeconds(1000)))
            .build();
    return new Limited(t, bucket);
  }
}
