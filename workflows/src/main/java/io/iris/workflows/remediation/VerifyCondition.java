package io.iris.workflows.remediation;

import java.util.List;
import java.util.Objects;

/**
 * What must hold on fresh metrics (taken after the stabilization wait) for a remediation to count
 * as working.
 *
 * @param scope which traffic the metrics are taken over
 * @param minSamples the fewest samples (outcomes, calls or messages) that prove anything; fewer is
 *     "unproven"
 * @param allowUnproven whether an unproven verification counts as verified
 * @param all every expression must hold
 * @param whenMeasured expressions that must hold where their metric has data, and are passed over
 *     where it has none (e.g. the delivery rate of a provider whose outcomes come only by polling,
 *     minutes later); empty in runs recorded before the field existed
 */
public record VerifyCondition(
    Scope scope,
    int minSamples,
    boolean allowUnproven,
    List<Expression> all,
    List<Expression> whenMeasured) {

  public VerifyCondition {
    Objects.requireNonNull(scope, "scope");
    all = List.copyOf(all);
    whenMeasured = whenMeasured == null ? List.of() : List.copyOf(whenMeasured);
  }

  /** The traffic a verification measures. */
  public enum Scope {
    /** The anomaly's provider on its channel. */
    PROVIDER,
    /** The anomaly's channel, all providers (e.g. after a failover: the traffic moved). */
    CHANNEL,
    /** The anomaly's tenant, against the others. */
    TENANT,
    /** The anomaly's task queue. */
    QUEUE
  }

  /** A fresh metric, compared with a constant or a multiple of the anomaly's expected value. */
  public enum Metric {
    DELIVERY_RATE_PERCENT,
    /**
     * The share of provider calls the provider accepted: known at once, where delivery outcomes may
     * come minutes later.
     */
    CALL_SUCCESS_PERCENT,
    P95_LATENCY_MS,
    COST_USD_PER_HOUR,
    TENANT_VOLUME_RATIO,
    BACKLOG_AGE_MS;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public enum Comparison {
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public boolean holds(double left, double right) {
      return switch (this) {
        case LT -> left < right;
        case LE -> left <= right;
        case GT -> left > right;
        case GE -> left >= right;
      };
    }
  }

  /**
   * {@code <metric> <op> <value>} or, with {@code timesExpected}, {@code <metric> <op> <value> *
   * expected} (expected = the anomaly's expected value).
   */
  public record Expression(Metric metric, Comparison op, double value, boolean timesExpected) {
    public Expression {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(op, "op");
    }

    /** The right-hand side for an anomaly whose expected value is {@code expected}. */
    public double threshold(double expected) {
      return timesExpected ? value * expected : value;
    }

    /** As written in the runbook. */
    public String text() {
      return metric.wireName()
          + " "
          + op.symbol()
          + " "
          + (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value))
          + (timesExpected ? " * expected" : "");
    }
  }
}
