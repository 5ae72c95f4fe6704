package io.iris.activities.cost;

import static io.iris.schema.jooq.Tables.COST_HOURLY;
import static io.iris.schema.jooq.Tables.MESSAGES;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * The write side of spend: each message's end adds its count and exact cost to its hour's row in
 * {@code cost_hourly}, in the transaction that records the end. The caller adds an end once (the
 * end's analytics event, whose id is derived from the message, is the proof), so the roll-ups sum
 * to the messages' costs exactly.
 */
public final class SpendRollups {

  /** How long a campaign id the roll-ups keep (a longer one is cut, still one row per prefix). */
  public static final int MAX_CAMPAIGN = 200;

  /** The message's campaign, {@code metadata.campaignId}; null when it has none. */
  public static final Field<String> CAMPAIGN =
      DSL.field("{0} ->> 'campaignId'", String.class, MESSAGES.METADATA);

  private SpendRollups() {}

  /** A message's end as the roll-ups count it: when (its hour), through whom, for how much. */
  public record End(Instant at, String provider, BigDecimal costUsd) {
    public End {
      provider = provider == null ? "" : provider;
      costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
    }

    OffsetDateTime hour() {
      return OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.HOURS), ZoneOffset.UTC);
    }
  }

  /**
   * Moves a message's spend from what its row said before ({@code before}, empty when it had not
   * ended) to its end now: a new end adds one message and its cost; the same end again (a retried
   * write) changes nothing; a changed end (another cost, provider or hour) takes the old one out
   * and puts the new one in. Called in the transaction that writes the end, under its row lock.
   */
  public static void moveEnd(
      DSLContext tx,
      UUID tenant,
      String channel,
      String campaign,
      Optional<End> before,
      End now,
      Instant at) {
    if (before.isPresent()) {
      End b = before.get();
      if (b.hour().equals(now.hour())
          && b.provider().equals(now.provider())
          && b.costUsd().compareTo(now.costUsd()) == 0) {
        return;
      }
      add(tx, b, tenant, channel, campaign, -1, b.costUsd().negate(), at);
    }
    add(tx, now, tenant, channel, campaign, 1, now.costUsd(), at);
  }

  private static void add(
      DSLContext tx,
      End end,
      UUID tenant,
      String channel,
      String campaign,
      long messages,
      BigDecimal cost,
      Instant now) {
    String c = campaign == null ? "" : campaign;
    OffsetDateTime updated = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    tx.insertInto(COST_HOURLY)
        .set(COST_HOURLY.HOUR, end.hour())
        .set(COST_HOURLY.TENANT_ID, tenant)
        .set(COST_HOURLY.CHANNEL, channel)
        .set(COST_HOURLY.PROVIDER, end.provider())
        .set(COST_HOURLY.CAMPAIGN_ID, c.length() <= MAX_CAMPAIGN ? c : c.substring(0, MAX_CAMPAIGN))
        .set(COST_HOURLY.MESSAGES, Math.max(messages, 0))
        .set(COST_HOURLY.COST_USD, cost.max(BigDecimal.ZERO))
        .set(COST_HOURLY.UPDATED_AT, updated)
        .onConflict(
            COST_HOURLY.HOUR,
            COST_HOURLY.TENANT_ID,
            COST_HOURLY.CHANNEL,
            COST_HOURLY.PROVIDER,
            COST_HOURLY.CAMPAIGN_ID)
        .doUpdate()
        .set(COST_HOURLY.MESSAGES, COST_HOURLY.MESSAGES.plus(messages))
        .set(COST_HOURLY.COST_USD, COST_HOURLY.COST_USD.plus(cost))
        .set(COST_HOURLY.UPDATED_AT, updated)
        .execute();
  }
}
