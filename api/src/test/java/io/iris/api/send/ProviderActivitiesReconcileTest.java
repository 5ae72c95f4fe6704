package io.iris.api.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iris.activities.routing.HealthRecorder;
import io.iris.activities.send.MessageStore;
import io.iris.activities.send.ProviderActivitiesImpl;
import io.iris.api.support.ApiTestBase;
import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderException;
import io.iris.integrations.spi.ProviderException.Kind;
import io.iris.integrations.spi.ProviderRegistry;
import io.iris.integrations.spi.ReconcileSettings;
import io.iris.integrations.spi.Reconciliation;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.ProviderSendRequest;
import io.iris.workflows.send.ReconcileResult;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The provider activities against the real message table: a reconciliation looks from the message's
 * acceptance (less the clock allowance), and no failure ever reads as "not found"; a send that may
 * have reached a provider which does not drop repeats is not retried.
 */
class ProviderActivitiesReconcileTest extends ApiTestBase {

  private static final Duration SKEW = Duration.ofSeconds(30);

  @Autowired MessageStore store;
  @Autowired HealthRecorder health;
  @Autowired io.iris.activities.send.ProviderCallLedger ledger;

  /** A provider whose answers the test scripts, remembering what it was asked. */
  static final class ScriptedProvider implements ProviderAdapter {
    final List<Instant> askedSince = new ArrayList<>();
    Supplier<Reconciliation> reconciliation = Reconciliation::unsupported;
    Supplier<ProviderAcceptance> send = () -> null;
    boolean dropsRepeats;

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public Channel channel() {
      return Channel.SMS;
    }

    /** Not enabled for routing (no settings), as before the catalog asked adapters. */
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public ProviderAcceptance send(OutboundMessage message) {
      return send.get();
    }

    @Override
    public boolean dropsRepeatedSends() {
      return dropsRepeats;
    }

    @Override
    public Reconciliation reconcile(OutboundMessage message, Instant since) {
      askedSince.add(since);
      return reconciliation.get();
    }
  }

  ScriptedProvider provider;
  ProviderActivitiesImpl activities;
  String tenantId;

  @BeforeEach
  void activities() {
    provider = new ScriptedProvider();
    activities =
        new ProviderActivitiesImpl(
            new ProviderRegistry(List.of(provider)),
            store,
            new ReconcileSettings(SKEW),
            health,
            ledger);
    tenantId = createTenant(uniqueName("reconcile")).get("id").asText();
  }

  private ProviderSendRequest stored(Instant acceptedAt) {
    UUID id = UUID.randomUUID();
    store.insertOrGet(
        new MessageStore.NewMessage(
            id,
            UUID.fromString(tenantId),
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
            acceptedAt));
    return request(id);
  }

  private ProviderSendRequest request(UUID id) {
    return new ProviderSendRequest(
        "scripted",
        id.toString(),
        tenantId,
        Channel.SMS,
        "+15557654321",
        "",
        "",
        "hello",
        Map.of(),
        id + ":0");
  }

  @Test
  void givenTheProviderHasIt_whenReconciling_itShouldLookFromTheAcceptanceLessTheSkew() {
    Instant accepted = Instant.parse("2026-03-01T11:58:00.123Z");
    ProviderSendRequest request = stored(accepted);
    provider.reconciliation = () -> Reconciliation.found("SM42");

    ReconcileResult result = activities.reconcileWithProvider(request);

    assertThat(result).isEqualTo(new ReconcileResult(true, true, "SM42"));
    // PostgreSQL keeps microseconds; the window opens SKEW before the acceptance.
    assertThat(provider.askedSince)
        .containsExactly(accepted.minus(SKEW).truncatedTo(ChronoUnit.MICROS));
  }

  @Test
  void givenTheProviderSaysNotFoundOrCannotTell_whenReconciling_itShouldSaySo() {
    ProviderSendRequest request = stored(Instant.now());

    provider.reconciliation = Reconciliation::notFound;
    ReconcileResult notFound = activities.reconcileWithProvider(request);
    provider.reconciliation = Reconciliation::unsupported;
    ReconcileResult unsettled = activities.reconcileWithProvider(request);

    assertThat(notFound).isEqualTo(new ReconcileResult(true, false, ""));
    assertThat(unsettled).isEqualTo(new ReconcileResult(false, false, ""));
  }

  @Test
  void givenAskingFailsAsTimeout_whenReconciling_itShouldFailRetryablyNeverSayNotFound() {
    ProviderSendRequest request = stored(Instant.now());
    provider.reconciliation =
        () -> {
          throw new ProviderException(Kind.TIMEOUT, "scripted", 0, "", "no answer");
        };

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities.reconcileWithProvider(request));

    assertThat(failure).isNotNull();
    assertThat(failure.getType()).isEqualTo("TIMEOUT");
    // Asking is a read: retrying it can do no harm.
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void givenAskingIsRefused_whenReconciling_itShouldFailWithoutRetryNeverSayNotFound() {
    ProviderSendRequest request = stored(Instant.now());
    provider.reconciliation =
        () -> {
          throw new ProviderException(Kind.UNAUTHORIZED, "scripted", 401, "20003", "no");
        };

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities.reconcileWithProvider(request));

    assertThat(failure.getType()).isEqualTo("UNAUTHORIZED");
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void givenNoRowForTheMessage_whenReconciling_itShouldNotAskAndSayItCannotBeAsked() {
    ReconcileResult result = activities.reconcileWithProvider(request(UUID.randomUUID()));

    assertThat(result).isEqualTo(new ReconcileResult(false, false, ""));
    assertThat(provider.askedSince).isEmpty();
  }

  @Test
  void givenASendThatMayHaveReachedAProviderWithoutKeys_whenItFails_itShouldNotBeRetried() {
    provider.send =
        () -> {
          throw new ProviderException(Kind.TIMEOUT, "scripted", 0, "", "no answer in time");
        };

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities.sendViaProvider(request(UUID.randomUUID())));

    assertThat(failure.getType()).isEqualTo("TIMEOUT");
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void givenATimeoutAtAReceiverThatDropsRepeatsOrAnOutage_whenItFails_itShouldBeRetried() {
    provider.dropsRepeats = true;
    provider.send =
        () -> {
          throw new ProviderException(Kind.TIMEOUT, "scripted", 0, "", "no answer in time");
        };
    ApplicationFailure timeout =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities.sendViaProvider(request(UUID.randomUUID())));
    provider.dropsRepeats = false;
    provider.send =
        () -> {
          throw new ProviderException(Kind.UNAVAILABLE, "scripted", 503, "", "down");
        };
    ApplicationFailure outage =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities.sendViaProvider(request(UUID.randomUUID())));

    assertThat(timeout.isNonRetryable()).isFalse();
    assertThat(outage.getType()).isEqualTo("UNAVAILABLE");
    assertThat(outage.isNonRetryable()).isFalse();
  }
}
