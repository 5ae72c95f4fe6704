package io.iris.workflows.remediation;

import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.Observations.ChannelCost;
import io.iris.workflows.remediation.Observations.ProviderWindow;
import io.iris.workflows.remediation.Observations.QueueBacklog;
import io.iris.workflows.remediation.Observations.Settings;
import io.iris.workflows.remediation.Observations.TenantVolume;
import io.iris.workflows.remediation.Observations.TenantVolumes;
import io.iris.workflows.routing.FailoverTrigger;
import io.iris.workflows.routing.ProviderMetrics;
import io.iris.workflows.routing.ProviderStatus;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The anomaly rules (seed 000 §3.1, DESIGN §3.4, plus a task-queue backlog and noisy neighbours),
 * pure: no clock, no I/O, no statistics of their own (the means and standard deviations come
 * computed in the {@link Observations}), so a replay decides the same. Each rule needs evidence
 * (enough known outcomes, calls or baseline hours); rates and factors are compared exactly, with
 * {@link BigDecimal}, as {@link ProviderMetrics#deliveryRateAtLeast} does.
 *
 * <ul>
 *   <li>{@code delivery_rate_drop} (critical): the current delivery rate below {@code
 *       deliveryDropBelow} where more than {@code deliveryExpectedAbove} is expected (the 7-day
 *       mean, or the last 24 hours' rate while the baseline is short).
 *   <li>{@code latency_spike} (high): the current p95 call latency above {@code latencyFactor} ×
 *       the channel's threshold.
 *   <li>{@code cost_spike} (medium): the channel's cost over the cost window, per hour, above
 *       {@code costFactor} × the forecast, for a forecast of at least {@code costMinUsdPerHour}.
 *   <li>{@code delivery_rate_anomaly} (high): the current rate under the 7-day mean by more than
 *       max({@code stddevFactor} × σ, {@code minDeviationPoints}).
 *   <li>{@code provider_outage} (critical): the failover outage rule's condition, or a failover by
 *       the breaker, the outage rule or the score rule within the current window (never one by a
 *       remediation or an operator, so a fix does not report itself).
 *   <li>{@code task_queue_backlog} (high): the oldest waiting task older than {@code
 *       backlogMaxAgeMillis}; silent where the server reports no statistics.
 *   <li>{@code noisy_neighbor_volume} (high): a tenant sending more than {@code noisyFactor} × the
 *       mean of the other active tenants, and at least {@code noisyMinMessages}.
 * </ul>
 */
public final class AnomalyRules {

  static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final long HOUR_MILLIS = 3_600_000L;

  /** The failover triggers that count as a detected outage. */
  static final Set<String> OUTAGE_TRIGGERS =
      Set.of(
          FailoverTrigger.BREAKER.wireName(),
          FailoverTrigger.OUTAGE.wireName(),
          FailoverTrigger.SCORE.wireName());

  private AnomalyRules() {}

  /** Every finding of the run, in a fixed order (providers, costs, backlogs, tenants). */
  public static List<Finding> evaluate(Observations o) {
    List<Finding> findings = new ArrayList<>();
    if (!o.enabled()) {
      return findings;
    }
    Settings s = o.settings();
    for (ProviderWindow p : o.providers()) {
      add(findings, providerOutage(p, o.atMillis(), s));
      add(findings, deliveryRateDrop(p, s));
      add(findings, deliveryRateAnomaly(p, s));
      add(findings, latencySpike(p, s));
    }
    for (ChannelCost c : o.costs()) {
      add(findings, costSpike(c, s));
    }
    for (QueueBacklog b : o.backlogs()) {
      add(findings, backlog(b, s));
    }
    findings.addAll(noisyNeighbours(o.tenants(), s));
    return findings;
  }

  private static void add(List<Finding> findings, Finding f) {
    if (f != null) {
      findings.add(f);
    }
  }

  static Finding deliveryRateDrop(ProviderWindow p, Settings s) {
    ProviderMetrics now = p.current();
    if (now.outcomes() < s.minOutcomes() || now.deliveryRateAtLeast(s.deliveryDropBelow())) {
      return null;
    }
    BigDecimal expected;
    String basis;
    if (p.baseline().hours() >= s.baselineMinBuckets()) {
      expected = BigDecimal.valueOf(p.baseline().meanRatePercent());
      basis = "the 7-day mean of " + p.baseline().hours() + " hourly rates";
    } else if (p.ranking().outcomes() >= s.minOutcomes()) {
      expected = rate(p.ranking());
      basis = "the last 24 hours' rate";
    } else {
      return null;
    }
    if (expected.compareTo(s.deliveryExpectedAbove()) <= 0) {
      return null;
    }
    BigDecimal actual = rate(now);
    Map<String, String> evidence = windowEvidence(now);
    evidence.put("expectedBasis", basis);
    evidence.put("dropBelowPercent", plain(s.deliveryDropBelow()));
    evidence.put("expectedAbovePercent", plain(s.deliveryExpectedAbove()));
    return providerFinding(
        AnomalyType.DELIVERY_RATE_DROP,
        Severity.CRITICAL,
        p,
        expected,
        actual,
        "percent",
        String.format(
            Locale.ROOT,
            "%s on %s delivered %s%% of %d messages in the last %s; %s%% was expected (%s)",
            p.provider(),
            p.channel().wireName(),
            plain2(actual),
            now.outcomes(),
            minutes(s.currentWindowMillis()),
            plain2(expected),
            basis),
        evidence);
  }

  static Finding deliveryRateAnomaly(ProviderWindow p, Settings s) {
    ProviderMetrics now = p.current();
    if (now.outcomes() < s.minOutcomes() || p.baseline().hours() < s.baselineMinBuckets()) {
      return null;
    }
    BigDecimal mean = BigDecimal.valueOf(p.baseline().meanRatePercent());
    BigDecimal spread =
        s.stddevFactor().multiply(BigDecimal.valueOf(p.baseline().stddevRatePercent()));
    BigDecimal distance = spread.max(s.minDeviationPoints());
    BigDecimal line = mean.subtract(distance);
    // delivered × 100 < line × outcomes: the rate is strictly under the line.
    if (BigDecimal.valueOf(now.delivered())
            .multiply(HUNDRED)
            .compareTo(line.multiply(BigDecimal.valueOf(now.outcomes())))
        >= 0) {
      return null;
    }
    BigDecimal actual = rate(now);
    Map<String, String> evidence = windowEvidence(now);
    evidence.put("baselineHours", Integer.toString(p.baseline().hours()));
    evidence.put("baselineMeanPercent", plain(mean));
    evidence.put(
        "baselineStddevPercent", plain(BigDecimal.valueOf(p.baseline().stddevRatePercent())));
    evidence.put("linePercent", plain(line));
    return providerFinding(
        AnomalyType.DELIVERY_RATE_ANOMALY,
        Severity.HIGH,
        p,
        mean,
        actual,
        "percent",
        String.format(
            Locale.ROOT,
            "%s on %s delivered %s%% in the last %s, under its 7-day baseline of %s%% (σ %s over"
                + " %d hours) by more than %s points",
            p.provider(),
            p.channel().wireName(),
            plain2(actual),
            minutes(s.currentWindowMillis()),
            plain2(mean),
            plain2(BigDecimal.valueOf(p.baseline().stddevRatePercent())),
            p.baseline().hours(),
            plain2(distance)),
        evidence);
  }

  static Finding latencySpike(ProviderWindow p, Settings s) {
    ProviderMetrics now = p.current();
    if (now.attempts() < s.minCalls() || !(p.latencyThresholdMs() > 0)) {
      return null;
    }
    BigDecimal threshold = BigDecimal.valueOf(p.latencyThresholdMs());
    BigDecimal p95 = BigDecimal.valueOf(now.callLatencyP95Ms());
    if (p95.compareTo(s.latencyFactor().multiply(threshold)) <= 0) {
      return null;
    }
    Map<String, String> evidence = windowEvidence(now);
    evidence.put("latencyFactor", plain(s.latencyFactor()));
    evidence.put("thresholdMs", plain(threshold));
    return providerFinding(
        AnomalyType.LATENCY_SPIKE,
        Severity.HIGH,
        p,
        threshold,
        p95,
        "ms",
        String.format(
            Locale.ROOT,
            "%s on %s: p95 call latency %s ms over %d calls in the last %s, more than %s × the"
                + " channel's %s ms",
            p.provider(),
            p.channel().wireName(),
            plain2(p95),
            now.attempts(),
            minutes(s.currentWindowMillis()),
            plain(s.latencyFactor()),
            plain2(threshold)),
        evidence);
  }

  static Finding providerOutage(ProviderWindow p, long atMillis, Settings s) {
    ProviderMetrics outage = p.outage();
    boolean byRate =
        outage.attempts() > s.outageMinAttempts()
            && outage.outcomes() >= s.minOutcomes()
            && !outage.deliveryRateAtLeast(s.outageDeliveryRatePercent());
    boolean byFailover =
        p.status() == ProviderStatus.FAILED_OVER
            && OUTAGE_TRIGGERS.contains(p.failoverTrigger())
            && p.sinceMillis() >= atMillis - s.currentWindowMillis()
            && p.sinceMillis() <= atMillis;
    if (!byRate && !byFailover) {
      return null;
    }
    BigDecimal expected = s.outageDeliveryRatePercent();
    BigDecimal actual = outage.hasDeliveryRate() ? rate(outage) : BigDecimal.ZERO;
    Map<String, String> evidence = windowEvidence(outage);
    evidence.put("outageMinAttempts", Long.toString(s.outageMinAttempts()));
    String detail;
    if (byFailover) {
      evidence.put("failoverTrigger", p.failoverTrigger());
      evidence.put("failoverId", p.failoverId());
      evidence.put("failoverReason", p.failoverReason());
      detail =
          String.format(
              Locale.ROOT,
              "%s on %s was failed over by the %s (failover %s): %s%s",
              p.provider(),
              p.channel().wireName(),
              p.failoverTrigger().equals("breaker") ? "breaker" : p.failoverTrigger() + " rule",
              p.failoverId(),
              p.failoverReason(),
              byRate
                  ? ""
                  : "; the window's delivery rate below is still above the outage rule's,"
                      + " because the failover moved the traffic first");
    } else {
      detail =
          String.format(
              Locale.ROOT,
              "%s on %s delivered %s%% over %d attempts; below %s%% is an outage",
              p.provider(),
              p.channel().wireName(),
              plain2(actual),
              outage.attempts(),
              plain(expected));
    }
    return providerFinding(
        AnomalyType.PROVIDER_OUTAGE,
        Severity.CRITICAL,
        p,
        expected,
        actual,
        "percent",
        detail,
        evidence);
  }

  static Finding costSpike(ChannelCost c, Settings s) {
    if (c.baselineHours() < s.baselineMinBuckets()
        || c.forecastUsdPerHour().compareTo(s.costMinUsdPerHour()) < 0) {
      return null;
    }
    BigDecimal perHour =
        c.windowCostUsd()
            .multiply(BigDecimal.valueOf(HOUR_MILLIS))
            .divide(BigDecimal.valueOf(c.windowMillis()), MathContext.DECIMAL64);
    if (perHour.compareTo(s.costFactor().multiply(c.forecastUsdPerHour())) <= 0) {
      return null;
    }
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("windowCostUsd", plain(c.windowCostUsd()));
    evidence.put("windowMillis", Long.toString(c.windowMillis()));
    evidence.put("baselineHours", Integer.toString(c.baselineHours()));
    evidence.put("costFactor", plain(s.costFactor()));
    String channel = c.channel().wireName();
    return new Finding(
        AnomalyType.COST_SPIKE,
        Severity.MEDIUM,
        AnomalyType.COST_SPIKE.wireName() + ":" + channel,
        channel,
        "",
        "",
        "",
        c.forecastUsdPerHour().doubleValue(),
        perHour.doubleValue(),
        deviation(c.forecastUsdPerHour(), perHour),
        "usd_per_hour",
        String.format(
            Locale.ROOT,
            "%s costs $%s an hour (over the last %s), more than %s × the forecast $%s an hour",
            channel,
            plain4(perHour),
            minutes(c.windowMillis()),
            plain(s.costFactor()),
            plain4(c.forecastUsdPerHour())),
        evidence);
  }

  static Finding backlog(QueueBacklog b, Settings s) {
    if (!b.known() || b.ageMillis() <= s.backlogMaxAgeMillis()) {
      return null;
    }
    BigDecimal expected = BigDecimal.valueOf(s.backlogMaxAgeMillis());
    BigDecimal actual = BigDecimal.valueOf(b.ageMillis());
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("backlogCount", Long.toString(b.count()));
    evidence.put("kind", b.kind());
    return new Finding(
        AnomalyType.TASK_QUEUE_BACKLOG,
        Severity.HIGH,
        AnomalyType.TASK_QUEUE_BACKLOG.wireName() + ":" + b.taskQueue() + ":" + b.kind(),
        "",
        "",
        "",
        b.taskQueue(),
        expected.doubleValue(),
        actual.doubleValue(),
        deviation(expected, actual),
        "ms",
        String.format(
            Locale.ROOT,
            "the oldest %s task on %s has waited %s s to start (about %d waiting); more than %s s"
                + " is a backlog",
            b.kind(),
            b.taskQueue(),
            plain(actual.movePointLeft(3)),
            b.count(),
            plain(expected.movePointLeft(3))),
        evidence);
  }

  static List<Finding> noisyNeighbours(TenantVolumes t, Settings s) {
    List<Finding> findings = new ArrayList<>();
    long others = t.activeTenants() - 1;
    if (others < 1) {
      return findings; // no neighbours to be noisy to
    }
    for (TenantVolume v : t.top()) {
      long rest = t.totalMessages() - v.messages();
      if (v.messages() < s.noisyMinMessages() || rest < 0) {
        continue;
      }
      // v > factor × rest / others, exactly: v × others > factor × rest.
      if (BigDecimal.valueOf(v.messages())
              .multiply(BigDecimal.valueOf(others))
              .compareTo(s.noisyFactor().multiply(BigDecimal.valueOf(rest)))
          <= 0) {
        continue;
      }
      BigDecimal mean =
          BigDecimal.valueOf(rest).divide(BigDecimal.valueOf(others), MathContext.DECIMAL64);
      BigDecimal actual = BigDecimal.valueOf(v.messages());
      Map<String, String> evidence = new LinkedHashMap<>();
      evidence.put("totalMessages", Long.toString(t.totalMessages()));
      evidence.put("activeTenants", Long.toString(t.activeTenants()));
      evidence.put("windowMillis", Long.toString(t.windowMillis()));
      evidence.put("costUsd", plain(v.costUsd()));
      findings.add(
          new Finding(
              AnomalyType.NOISY_NEIGHBOR_VOLUME,
              Severity.HIGH,
              AnomalyType.NOISY_NEIGHBOR_VOLUME.wireName() + ":" + v.tenantId(),
              "",
              "",
              v.tenantId(),
              "",
              mean.doubleValue(),
              actual.doubleValue(),
              deviation(mean, actual),
              "messages",
              String.format(
                  Locale.ROOT,
                  "tenant %s sent %d messages in the last %s, more than %s × the %s the other %d"
                      + " active tenants sent on average",
                  v.tenantId(),
                  v.messages(),
                  minutes(t.windowMillis()),
                  plain(s.noisyFactor()),
                  plain2(mean),
                  others),
              evidence));
    }
    return findings;
  }

  private static Finding providerFinding(
      AnomalyType type,
      Severity severity,
      ProviderWindow p,
      BigDecimal expected,
      BigDecimal actual,
      String unit,
      String detail,
      Map<String, String> evidence) {
    String channel = p.channel().wireName();
    return new Finding(
        type,
        severity,
        type.wireName() + ":" + channel + ":" + p.provider(),
        channel,
        p.provider(),
        "",
        "",
        expected.doubleValue(),
        actual.doubleValue(),
        deviation(expected, actual),
        unit,
        detail,
        evidence);
  }

  private static Map<String, String> windowEvidence(ProviderMetrics m) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("attempts", Long.toString(m.attempts()));
    e.put("delivered", Long.toString(m.delivered()));
    e.put("failed", Long.toString(m.failed()));
    e.put("p95Ms", Double.toString(m.callLatencyP95Ms()));
    return e;
  }

  /** The delivery rate in percent, to 6 places (display; the rules compare counts exactly). */
  static BigDecimal rate(ProviderMetrics m) {
    return BigDecimal.valueOf(m.delivered())
        .multiply(HUNDRED)
        .divide(BigDecimal.valueOf(m.outcomes()), 6, RoundingMode.HALF_UP);
  }

  /** (actual − expected) / expected × 100, to 6 places; 0 when nothing was expected. */
  static double deviation(BigDecimal expected, BigDecimal actual) {
    if (expected.signum() == 0) {
      return 0;
    }
    return actual
        .subtract(expected)
        .multiply(HUNDRED)
        .divide(expected, 6, RoundingMode.HALF_UP)
        .doubleValue();
  }

  private static String minutes(long millis) {
    if (millis % 60_000 == 0) {
      long m = millis / 60_000;
      return m == 1 ? "minute" : m + " minutes";
    }
    return plain(BigDecimal.valueOf(millis).movePointLeft(3)) + " s";
  }

  private static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }

  private static String plain2(BigDecimal d) {
    return plain(d.setScale(2, RoundingMode.HALF_UP));
  }

  private static String plain4(BigDecimal d) {
    return plain(d.setScale(4, RoundingMode.HALF_UP));
  }
}
