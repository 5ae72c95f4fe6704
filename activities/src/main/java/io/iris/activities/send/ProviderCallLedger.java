package io.iris.activities.send;

import static io.iris.schema.jooq.Tables.PROVIDER_CALLS;

import io.iris.workflows.send.ProviderSendResult;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.springframework.stereotype.Repository;

/**
 * The provider calls by idempotency key ({@code provider_calls}): what makes {@code
 * sendViaProvider} idempotent where the provider is not. A call claims its key first; the answer is
 * stored after; a call with a key already accepted returns that answer without calling.
 */
@Repository
public class ProviderCallLedger {

  /** What a claim found. */
  public sealed interface Claim {
    /** The key is this call's: call the provider. */
    record Granted() implements Claim {}

    /** The provider already took the message under this key: its answer, not to be sent again. */
    record Accepted(ProviderSendResult result) implements Claim {}

    /** Another call with this key was claimed and never answered: in flight, or its worker died. */
    record Open(Instant claimedAt) implements Claim {}
  }

  private final DSLContext db;

  public ProviderCallLedger(DSLContext db) {
    this.db = db;
  }

  /**
   * Claims {@code key} for a call to {@code provider}: granted when the key is new or its last call
   * failed; otherwise what the earlier call left.
   */
  public Claim claim(String key, String provider, Instant now) {
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    Optional<Record1<String>> claimed =
        db.insertInto(PROVIDER_CALLS)
            .set(PROVIDER_CALLS.IDEMPOTENCY_KEY, key)
            .set(PROVIDER_CALLS.PROVIDER, provider)
            .set(PROVIDER_CALLS.STATE, "calling")
            .set(PROVIDER_CALLS.CLAIMED_AT, at)
            .onConflict(PROVIDER_CALLS.IDEMPOTENCY_KEY)
            .doUpdate()
            .set(PROVIDER_CALLS.STATE, "calling")
            .set(PROVIDER_CALLS.CLAIMED_AT, at)
            .where(PROVIDER_CALLS.STATE.eq("failed"))
            .returningResult(PROVIDER_CALLS.STATE)
            .fetchOptional();
    if (claimed.isPresent()) {
      return new Claim.Granted();
    }
    var row =
        db.selectFrom(PROVIDER_CALLS).where(PROVIDER_CALLS.IDEMPOTENCY_KEY.eq(key)).fetchOne();
    if (row == null) {
      // Gone between the two statements (nothing deletes rows today): as good as new.
      return claim(key, provider, now);
    }
    if ("accepted".equals(row.getState())) {
      return new Claim.Accepted(
          new ProviderSendResult(
              row.getProviderMessageId(), row.getCostUsd(), row.getDeliveredOnAccept()));
    }
    return new Claim.Open(row.getClaimedAt().toInstant());
  }

  /** The provider took the message under {@code key}. */
  public void accepted(String key, ProviderSendResult result, Instant now) {
    db.update(PROVIDER_CALLS)
        .set(PROVIDER_CALLS.STATE, "accepted")
        .set(PROVIDER_CALLS.PROVIDER_MESSAGE_ID, result.providerMessageId())
        .set(PROVIDER_CALLS.COST_USD, result.costUsd())
        .set(PROVIDER_CALLS.DELIVERED_ON_ACCEPT, result.deliveredOnAccept())
        .set(PROVIDER_CALLS.ANSWERED_AT, now.atOffset(ZoneOffset.UTC))
        .where(PROVIDER_CALLS.IDEMPOTENCY_KEY.eq(key))
        .execute();
  }

  /**
   * The call under {@code key} failed without the provider taking the message: it may be made
   * again.
   */
  public void failed(String key, Instant now) {
    db.update(PROVIDER_CALLS)
        .set(PROVIDER_CALLS.STATE, "failed")
        .set(PROVIDER_CALLS.ANSWERED_AT, now.atOffset(ZoneOffset.UTC))
        .where(PROVIDER_CALLS.IDEMPOTENCY_KEY.eq(key))
        .and(PROVIDER_CALLS.STATE.eq("calling"))
        .execute();
  }
}
