package io.iris.workflows.routing;

import java.util.Locale;
import java.util.Objects;

/**
 * One row of {@code provider_health_scores}: a provider's score on one channel over one window, as
 * one health evaluation computed it. Saving is idempotent on ({@code evaluatedAtMillis}, provider,
 * channel, window).
 *
 * @param evaluatedAtMillis the evaluation's time (epoch milliseconds)
 * @param window which window the figures cover
 * @param windowStartMillis the window's start (epoch milliseconds); its end is {@code
 *     evaluatedAtMillis}
 * @param metrics the window's figures (they name the provider and the channel)
 * @param score the score {@link HealthScoring} computed from them
 * @param rank the provider's place among the channel's providers for this window, from 1
 */
public record ProviderScoreRow(
    long evaluatedAtMillis,
    Window window,
    long windowStartMillis,
    ProviderMetrics metrics,
    HealthScore score,
    int rank) {

  /** The two windows a provider is scored over. */
  public enum Window {
    /** The long window (24h by default) that orders the providers. */
    RANKING,
    /** The short window (5m by default) that tells their health now. */
    CURRENT;

    /** The lowercase name {@code provider_health_scores.window_kind} stores. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ProviderScoreRow {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(score, "score");
    if (windowStartMillis < 0 || windowStartMillis > evaluatedAtMillis) {
      throw new IllegalArgumentException(
          "windowStartMillis must be from 0 to evaluatedAtMillis, got " + windowStartMillis);
    }
    if (rank < 1) {
      throw new IllegalArgumentException("rank starts at 1, got " + rank);
    }
  }
}
