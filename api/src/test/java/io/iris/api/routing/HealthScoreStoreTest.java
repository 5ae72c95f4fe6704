package io.iris.api.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.routing.HealthScoreStore;
import io.iris.api.support.IsolatedSchema;
import io.iris.workflows.routing.ProviderScoreRow;
import io.iris.workflows.routing.ProviderScoreRow.Window;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The read side of provider_health_scores on the real database, in a schema of its own. */
class HealthScoreStoreTest {

  static IsolatedSchema schema;
  static HealthScoreStore store;

  static final Instant T1 = Instant.parse("2026-12-02T01:00:00Z");
  static final Instant T2 = T1.plusSeconds(60);
  static final Instant T3 = T2.plusSeconds(60);

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("health_scores_store_test");
    store = new HealthScoreStore(schema.db());
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @Test
  void
      givenSeveralEvaluations_whenTheLatestAreRead_itShouldGiveTheNewestRowPerProviderChannelAndWindow() {
    var db = schema.db();
    ScoreRows.insert(db, T1, "twilio", "sms", "ranking", 91, "0.0079", 300);
    ScoreRows.insert(db, T2, "twilio", "sms", "ranking", 93, "0.0079", 280);
    ScoreRows.insert(db, T1, "twilio", "sms", "current", 88, "0.0079", 310);
    // The current window's newest is older than the ranking's: each window has its own latest.
    ScoreRows.insert(db, T3, "telnyx", "sms", "current", 97, "0.0040", 120);
    ScoreRows.insert(db, T2, "telnyx", "sms", "current", 50, "0.0040", 900);
    ScoreRows.insert(db, T1, "sendgrid", "email", "ranking", 99, "0.0010", 80);
    // A window this build does not know is skipped, not a failure.
    db.execute(
        "ALTER TABLE provider_health_scores DROP CONSTRAINT provider_health_scores_window_kind_check");
    ScoreRows.insert(db, T3, "twilio", "sms", "hourly", 10, "0.0079", 300);

    List<ProviderScoreRow> latest = store.latest();

    assertThat(latest)
        .extracting(
            r -> r.metrics().provider() + "/" + r.metrics().channel().wireName() + "/" + r.window())
        .containsExactlyInAnyOrder(
            "twilio/sms/RANKING",
            "twilio/sms/CURRENT",
            "telnyx/sms/CURRENT",
            "sendgrid/email/RANKING");
    ProviderScoreRow twilioRanking = find(latest, "twilio", Window.RANKING);
    assertThat(twilioRanking.evaluatedAtMillis()).isEqualTo(T2.toEpochMilli());
    assertThat(twilioRanking.windowStartMillis()).isEqualTo(T2.minusSeconds(3600).toEpochMilli());
    assertThat(twilioRanking.score().overall()).isEqualTo(93);
    assertThat(twilioRanking.score().delivery()).isEqualTo(94);
    assertThat(twilioRanking.score().latency()).isEqualTo(92);
    assertThat(twilioRanking.score().cost()).isEqualTo(91);
    assertThat(twilioRanking.score().recommended()).isTrue();
    assertThat(twilioRanking.metrics().callLatencyMeanMs()).isEqualTo(280);
    assertThat(twilioRanking.metrics().callLatencyP99Ms()).isEqualTo(840);
    assertThat(twilioRanking.metrics().delivered()).isEqualTo(990);
    assertThat(twilioRanking.metrics().costPerMessageUsd()).isEqualByComparingTo("0.0079");
    assertThat(twilioRanking.metrics().uptimePercent())
        .isEqualByComparingTo(new BigDecimal("99.95"));
    assertThat(twilioRanking.metrics().channel()).isEqualTo(Channel.SMS);
    assertThat(find(latest, "twilio", Window.CURRENT).score().overall()).isEqualTo(88);
    assertThat(find(latest, "telnyx", Window.CURRENT).evaluatedAtMillis())
        .isEqualTo(T3.toEpochMilli());
    assertThat(find(latest, "telnyx", Window.CURRENT).score().recommended()).isTrue();
  }

  private static ProviderScoreRow find(List<ProviderScoreRow> rows, String provider, Window w) {
    return rows.stream()
        .filter(r -> r.metrics().provider().equals(provider) && r.window() == w)
        .findFirst()
        .orElseThrow();
  }
}
