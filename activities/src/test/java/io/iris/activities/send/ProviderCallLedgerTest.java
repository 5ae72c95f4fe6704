package io.iris.activities.send;

import static io.iris.schema.jooq.Tables.PROVIDER_CALLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iris.activities.routing.HealthRecorder;
import io.iris.activities.routing.ProviderCallListener;
import io.iris.activities.support.IsolatedSchema;
import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderException;
import io.iris.integrations.spi.ProviderException.Kind;
import io.iris.integrations.spi.ProviderRegistry;
import io.iris.integrations.spi.ReconcileSettings;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.ProviderSendRequest;
import io.iris.workflows.send.ProviderSendResult;
import io.iris.workflows.send.SendFailures;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * A provider call is made once per idempotency key, whatever the provider does with repeats: the
 * send's local activity run again (its workflow task lost) returns the first acceptance, a claim
 * never answered is ambiguous, a failure frees the key; all against the real PostgreSQL.
 */
class ProviderCallLedgerTest {

  static IsolatedSchema schema;
  static DSLContext db;

  /** A provider that counts its calls and answers as scripted; it does not drop repeats. */
  static final class CountingProvider implements ProviderAdapter {
    final AtomicInteger calls = new AtomicInteger();
    Supplier<ProviderAcceptance> answer =
        () -> new ProviderAcceptance("SM" + calls.get(), new BigDecimal("0.0079"), false);
    boolean dropsRepeats;

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public Channel channel() {
      return Channel.SMS;
    }

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public boolean dropsRepeatedSends() {
      return dropsRepeats;
    }

    @Override
    public ProviderAcceptance send(OutboundMessage message) {
      calls.incrementAndGet();
      return answer.get();
    }
  }

  /** A ledger on a database that refuses every connection. */
  static ProviderCallLedger unreachable() {
    org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
    nowhere.setURL("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");
    return new ProviderCallLedger(DSL.using(nowhere, org.jooq.SQLDialect.POSTGRES));
  }

  CountingProvider provider;
  ProviderCallLedger ledger;

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("provider_call_ledger_test");
    db = schema.db();
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void clean() {
    db.deleteFrom(PROVIDER_CALLS).execute();
    provider = new CountingProvider();
    ledger = new ProviderCallLedger(db);
  }

  ProviderActivitiesImpl activities(ProviderCallLedger with) {
    return new ProviderActivitiesImpl(
        new ProviderRegistry(List.of(provider)),
        null, // not used by a send
        new ReconcileSettings(Duration.ofSeconds(30)),
        new HealthRecorder(
            Clock.systemUTC(),
            new StaticListableBeanFactory().getBeanProvider(ProviderCallListener.class)),
        with);
  }

  static ProviderSendRequest request(String key) {
    return new ProviderSendRequest(
        "counting",
        UUID.randomUUID().toString(),
        UUID.randomUUID().toString(),
        Channel.SMS,
        "+15557654321",
        "",
        "",
        "hello",
        Map.of(),
        key);
  }

  @Test
  void givenAKeyTheProviderTook_whenCalledAgain_itShouldReturnTheFirstAcceptanceWithoutACall() {
    ProviderSendRequest call = request(UUID.randomUUID() + ":0");
    ProviderActivitiesImpl activities = activities(ledger);

    ProviderSendResult first = activities.sendViaProvider(call);
    ProviderSendResult again = activities.sendViaProvider(call);

    assertThat(provider.calls).hasValue(1);
    assertThat(again.providerMessageId()).isEqualTo(first.providerMessageId()).isEqualTo("SM1");
    assertThat(again.deliveredOnAccept()).isEqualTo(first.deliveredOnAccept());
    assertThat(again.costUsd()).isEqualByComparingTo("0.0079");
  }

  @Test
  void givenAClaimNeverAnswered_whenCalledAgain_itShouldFailAsAmbiguousWithoutACall() {
    String key = UUID.randomUUID() + ":0";
    Instant began = Instant.parse("2026-12-02T10:00:00Z");
    assertThat(ledger.claim(key, "counting", began))
        .isInstanceOf(ProviderCallLedger.Claim.Granted.class);

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities(ledger).sendViaProvider(request(key)));

    assertThat(provider.calls).hasValue(0);
    assertThat(failure.getType()).isEqualTo(SendFailures.TIMEOUT);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("began at 2026-12-02T10:00:00Z");
  }

  @Test
  void givenAClaimNeverAnswered_whenTheProviderDropsRepeats_itShouldCallAgain() {
    String key = UUID.randomUUID() + ":0";
    ledger.claim(key, "counting", Instant.now());
    provider.dropsRepeats = true;

    ProviderSendResult result = activities(ledger).sendViaProvider(request(key));

    assertThat(provider.calls).hasValue(1);
    assertThat(ledger.claim(key, "counting", Instant.now()))
        .isInstanceOfSatisfying(
            ProviderCallLedger.Claim.Accepted.class,
            a -> assertThat(a.result().providerMessageId()).isEqualTo(result.providerMessageId()));
  }

  @Test
  void givenAFailedCall_whenTriedAgain_itShouldCallTheProviderAgain() {
    String key = UUID.randomUUID() + ":0";
    ProviderActivitiesImpl activities = activities(ledger);
    provider.answer =
        () -> {
          throw new ProviderException(Kind.UNAVAILABLE, "counting", 503, "", "down");
        };
    catchThrowableOfType(ApplicationFailure.class, () -> activities.sendViaProvider(request(key)));
    provider.answer = () -> new ProviderAcceptance("SM2", BigDecimal.ONE, false);

    assertThat(activities.sendViaProvider(request(key)).providerMessageId()).isEqualTo("SM2");
    assertThat(provider.calls).hasValue(2);
  }

  @Test
  void givenATimedOutCall_whenTriedAgain_itShouldNotCallTheProviderAgain() {
    String key = UUID.randomUUID() + ":0";
    ProviderActivitiesImpl activities = activities(ledger);
    provider.answer =
        () -> {
          throw new ProviderException(Kind.TIMEOUT, "counting", 0, "", "no answer in 15s");
        };
    catchThrowableOfType(ApplicationFailure.class, () -> activities.sendViaProvider(request(key)));

    ApplicationFailure again =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities.sendViaProvider(request(key)));

    assertThat(provider.calls).hasValue(1); // it may have the message: never sent blind
    assertThat(again.getOriginalMessage()).contains("never answered");
  }

  @Test
  void givenTheLedgerUnreachable_aSendShouldStillBeMade() {
    ProviderSendResult result =
        activities(unreachable()).sendViaProvider(request(UUID.randomUUID() + ":0"));

    assertThat(result.providerMessageId()).isEqualTo("SM1");
    assertThat(provider.calls).hasValue(1);
  }
}
