package io.iris.activities.send;

import static io.iris.schema.jooq.Tables.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.activities.routing.HealthRecorder;
import io.iris.activities.routing.LatencyHistogram;
import io.iris.activities.routing.ProviderCallListener;
import io.iris.activities.support.IsolatedSchema;
import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderRegistry;
import io.iris.workflows.send.AttemptRecord;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.MessageFinal;
import io.iris.workflows.send.MessageStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Attempts and ends of sends, written to the real message table, counted for their provider: a
 * failed attempt as failed, a delivery with its accept-to-receipt latency from the row's {@code
 * sent_at}, an expired message not at all.
 */
class SendRecordHealthTest {

  static IsolatedSchema schema;
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  UUID tenantId;
  MessageStore messages;
  HealthRecorder health;
  SendRecordActivitiesImpl records;

  /** An adapter that only names itself and its channel. */
  record Named(String name, Channel channel) implements ProviderAdapter {
    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public ProviderAcceptance send(OutboundMessage message) {
      throw new UnsupportedOperationException();
    }
  }

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("send_record_health_test");
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void parts() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    tenantId = UUID.randomUUID();
    schema
        .db()
        .insertInto(TENANTS)
        .set(TENANTS.ID, tenantId)
        .set(TENANTS.NAME, "health-" + tenantId)
        .set(TENANTS.CREATED_AT, OffsetDateTime.now(clock))
        .set(TENANTS.UPDATED_AT, OffsetDateTime.now(clock))
        .execute();
    messages = new MessageStore(schema.db(), clock, new ObjectMapper());
    health =
        new HealthRecorder(
            clock, new StaticListableBeanFactory().getBeanProvider(ProviderCallListener.class));
    records =
        new SendRecordActivitiesImpl(
            messages,
            null, // not used here
            null,
            health,
            new ProviderRegistry(
                List.of(new Named("twilio", Channel.SMS), new Named("telnyx", Channel.SMS))),
            null, // routing is not used here
            null); // nor budgets
  }

  private UUID message() {
    UUID id = UUID.randomUUID();
    messages.insertOrGet(
        new MessageStore.NewMessage(
            id,
            tenantId,
            "sms",
            "+15557654321",
            "",
            "",
            "normal",
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            NOW.minusSeconds(10)));
    return id;
  }

  private static AttemptRecord attempt(String provider, String outcome, Instant at) {
    return new AttemptRecord(
        provider,
        "k:" + provider + ":" + at.toEpochMilli(),
        outcome,
        outcome.equals("failed") ? "UNAVAILABLE: down" : "",
        outcome.equals("accepted") ? "SM1" : "",
        BigDecimal.ZERO,
        at.toEpochMilli(),
        50);
  }

  private MessageFinal end(UUID id, MessageStatus status, String provider, Instant at) {
    return new MessageFinal(
        id.toString(),
        tenantId.toString(),
        Channel.SMS,
        status,
        provider,
        provider.isEmpty() ? "" : "SM1",
        BigDecimal.ZERO,
        2,
        "",
        "",
        NOW.minusSeconds(10).toEpochMilli(),
        at.toEpochMilli());
  }

  @Test
  void givenAFailedAttemptThenADelivery_whenRecorded_itShouldCountBothWithTheReceiptLatency() {
    UUID id = message();
    Instant sentAt = NOW.minusSeconds(8).truncatedTo(ChronoUnit.MILLIS);
    Instant deliveredAt = sentAt.plusMillis(2_345);

    records.recordAttempt(
        id.toString(), attempt("twilio", "failed", sentAt), MessageStatus.SENDING, 1);
    records.recordAttempt(
        id.toString(), attempt("telnyx", "accepted", sentAt), MessageStatus.SENT, 2);
    records.recordFinal(end(id, MessageStatus.DELIVERED, "telnyx", deliveredAt));

    List<HealthRecorder.Minute> minutes = health.pending();
    HealthRecorder.Minute twilio =
        minutes.stream().filter(m -> m.provider().equals("twilio")).findFirst().orElseThrow();
    HealthRecorder.Minute telnyx =
        minutes.stream().filter(m -> m.provider().equals("telnyx")).findFirst().orElseThrow();
    assertThat(twilio.failed()).isEqualTo(1);
    assertThat(twilio.channel()).isEqualTo(Channel.SMS);
    assertThat(twilio.delivered()).isZero();
    assertThat(telnyx.delivered()).isEqualTo(1);
    assertThat(telnyx.failed()).isZero();
    assertThat(telnyx.receiptLatencyCount()).isEqualTo(1);
    assertThat(telnyx.receiptLatencySumMs()).isEqualTo(2_345);
    assertThat(telnyx.receiptLatencyBuckets()[LatencyHistogram.bucketOf(2_345)]).isEqualTo(1);
  }

  @Test
  void givenEndsThatAreNotTheProviders_whenRecorded_itShouldCountOnlyFailedAndUndelivered() {
    UUID failed = message();
    UUID undelivered = message();
    UUID expired = message();
    UUID unrouted = message();
    records.recordAttempt(
        undelivered.toString(), attempt("twilio", "accepted", NOW), MessageStatus.SENT, 1);

    records.recordFinal(end(failed, MessageStatus.FAILED, "twilio", NOW));
    records.recordFinal(end(undelivered, MessageStatus.UNDELIVERED, "twilio", NOW.plusMillis(700)));
    records.recordFinal(end(expired, MessageStatus.EXPIRED, "twilio", NOW));
    records.recordFinal(end(unrouted, MessageStatus.FAILED, "", NOW));

    List<HealthRecorder.Minute> minutes = health.pending();
    assertThat(minutes).hasSize(1);
    HealthRecorder.Minute twilio = minutes.get(0);
    assertThat(twilio.failed()).isEqualTo(2);
    assertThat(twilio.delivered()).isZero();
    // Only the undelivered one had a receipt (and a sent_at): 700 ms after it was sent.
    assertThat(twilio.receiptLatencyCount()).isEqualTo(1);
    assertThat(twilio.receiptLatencySumMs()).isEqualTo(700);
  }

  @Test
  void givenAMessageNeverSent_whenItsEndIsWritten_itShouldReturnNoSentAt() {
    UUID neverSent = message();
    UUID sent = message();
    records.recordAttempt(
        sent.toString(), attempt("twilio", "accepted", NOW), MessageStatus.SENT, 1);

    assertThat(messages.recordFinal(end(neverSent, MessageStatus.FAILED, "twilio", NOW))).isEmpty();
    assertThat(messages.recordFinal(end(sent, MessageStatus.DELIVERED, "twilio", NOW)))
        .contains(NOW);
    assertThat(messages.recordFinal(end(UUID.randomUUID(), MessageStatus.DELIVERED, "twilio", NOW)))
        .isEmpty();
  }
}
