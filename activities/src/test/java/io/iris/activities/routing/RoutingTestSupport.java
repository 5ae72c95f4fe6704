package io.iris.activities.routing;

import io.iris.activities.routing.ProviderRoutingStore.RoutingState;
import io.iris.activities.send.SendSettings;
import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderRegistry;
import io.iris.workflows.routing.HealthScore;
import io.iris.workflows.routing.ProviderMetrics;
import io.iris.workflows.routing.ProviderScoreRow;
import io.iris.workflows.routing.ProviderScoreRow.Window;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/** Fakes of the routing stores and the settings, for the routing unit tests. */
final class RoutingTestSupport {

  private RoutingTestSupport() {}

  static final Instant T0 = Instant.parse("2026-12-02T01:00:00Z");

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** provider_routing in memory; {@code down} makes reads fail as an unreachable database does. */
  static final class FakeStates extends ProviderRoutingStore {
    final List<RoutingState> rows = new ArrayList<>();
    volatile boolean down;

    FakeStates() {
      super(null);
    }

    @Override
    public List<RoutingState> all() {
      if (down) {
        throw new IllegalStateException("connection refused");
      }
      return List.copyOf(rows);
    }

    void set(String provider, ProviderStatus status, int weight, String reason, UUID failoverId) {
      rows.removeIf(r -> r.provider().equals(provider));
      rows.add(
          new RoutingState(
              provider, Channel.SMS, status, weight, reason, failoverId, 0, T0, T0.plusSeconds(5)));
    }
  }

  /** The latest scores in memory. */
  static final class FakeScores extends HealthScoreStore {
    final List<ProviderScoreRow> rows = new ArrayList<>();
    volatile boolean down;

    FakeScores() {
      super(null);
    }

    @Override
    public List<ProviderScoreRow> latest() {
      if (down) {
        throw new IllegalStateException("connection refused");
      }
      return List.copyOf(rows);
    }

    /** Both windows of a provider at one overall score, with a cost and a mean latency. */
    void score(String provider, double overall, String costUsd, double latencyMs) {
      rows.removeIf(r -> r.metrics().provider().equals(provider));
      for (Window window : Window.values()) {
        rows.add(row(provider, window, overall, costUsd, latencyMs));
      }
    }

    void score(String provider, Window window, double overall) {
      rows.removeIf(r -> r.metrics().provider().equals(provider) && r.window() == window);
      rows.add(row(provider, window, overall, "0.005", 200));
    }
  }

  static ProviderScoreRow row(
      String provider, Window window, double overall, String costUsd, double latencyMs) {
    return row(provider, window, overall, costUsd, latencyMs, 1000);
  }

  /** A row whose window held {@code attempts} calls (0: a provider that carried nothing). */
  static ProviderScoreRow row(
      String provider,
      Window window,
      double overall,
      String costUsd,
      double latencyMs,
      long attempts) {
    ProviderMetrics metrics =
        new ProviderMetrics(
            provider,
            Channel.SMS,
            attempts,
            attempts,
            attempts * 99 / 100,
            attempts / 100,
            latencyMs,
            latencyMs,
            latencyMs * 2,
            latencyMs * 3,
            new BigDecimal(costUsd),
            new BigDecimal("100"));
    return new ProviderScoreRow(
        T0.toEpochMilli(),
        window,
        T0.minus(Duration.ofHours(1)).toEpochMilli(),
        metrics,
        new HealthScore(overall, overall, overall, overall, overall, overall >= 90),
        1);
  }

  record Adapter(String name, Channel channel, boolean enabled) implements ProviderAdapter {
    @Override
    public ProviderAcceptance send(OutboundMessage message) {
      throw new UnsupportedOperationException();
    }
  }

  /** twilio, telnyx and plivo on SMS, sendgrid on email, all enabled unless named in disabled. */
  static ProviderRegistry registry(String... disabled) {
    List<String> off = List.of(disabled);
    return new ProviderRegistry(
        List.of(
            new Adapter("twilio", Channel.SMS, !off.contains("twilio")),
            new Adapter("telnyx", Channel.SMS, !off.contains("telnyx")),
            new Adapter("plivo", Channel.SMS, !off.contains("plivo")),
            new Adapter("sendgrid", Channel.EMAIL, !off.contains("sendgrid"))));
  }

  static SendSettings sendSettings(List<String> smsRoute) {
    return new SendSettings(
        Map.of("sms", smsRoute, "email", List.of("sendgrid")),
        Map.of(),
        Duration.ofMinutes(10),
        3,
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        2.0,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        100,
        100,
        10,
        10_000,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        64,
        10,
        Duration.ofSeconds(1),
        Duration.ofMinutes(1),
        100,
        1_000_000);
  }

  static RoutingSettings routingSettings(boolean byScore) {
    return new RoutingSettings(byScore, 90, 85, Duration.ofSeconds(1));
  }

  static FailoverSettings failoverSettings(boolean breakerEnabled) {
    return new FailoverSettings(
        true,
        new FailoverSettings.Breaker(breakerEnabled, Duration.ofSeconds(30), 10, 0.5),
        new FailoverSettings.Outage(Duration.ofMinutes(5), 100, new BigDecimal("80")),
        60,
        20,
        Duration.ofMinutes(10),
        Duration.ofHours(1),
        Duration.ofSeconds(2),
        16,
        1000,
        Map.of(),
        new FailoverSettings.Failback(
            3, Duration.ofMinutes(1), 0.1, 85, true, List.of(10, 50, 100), Duration.ofMinutes(1)));
  }

  static RoutingSnapshot snapshot(FakeStates states, FakeScores scores, Clock clock) {
    return new RoutingSnapshot(
        states, scores, routingSettings(true), failoverSettings(true), clock);
  }

  /** A message id whose bucket ({@code floorMod(low 64 bits, 100)}) is {@code bucket}. */
  static UUID inBucket(int bucket) {
    return new UUID(0x1234L, 100L * 7919 + bucket);
  }
}
