package io.iris.activities.routing;

import static io.iris.schema.jooq.Tables.PROVIDER_ROUTING;

import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.send.Channel;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/**
 * The {@code provider_routing} table: each provider's routing state per channel. No row means
 * {@link ProviderStatus#HEALTHY} at weight 100. The routing snapshot reads it; the failover
 * activities write it (each write idempotent, with its audit row in the same transaction).
 */
@Repository
public class ProviderRoutingStore {

  /**
   * One provider's routing state on one channel.
   *
   * @param failoverId the failover that set it; null once restored and never failed over
   */
  public record RoutingState(
      String provider,
      Channel channel,
      ProviderStatus status,
      int weight,
      String reason,
      UUID failoverId,
      int flaps,
      Instant since,
      Instant updatedAt) {}

  private final DSLContext db;

  public ProviderRoutingStore(DSLContext db) {
    this.db = db;
  }

  /** Every stored state (providers without a row are healthy at weight 100). */
  public List<RoutingState> all() {
    return db.selectFrom(PROVIDER_ROUTING)
        .fetch(
            r ->
                new RoutingState(
                    r.getProvider(),
                    Channel.fromWire(r.getChannel()),
                    ProviderStatus.fromWire(r.getStatus()),
                    r.getWeight(),
                    r.getReason(),
                    r.getFailoverId(),
                    r.getFlaps(),
                    r.getSince().toInstant(),
                    r.getUpdatedAt().toInstant()));
  }
}
