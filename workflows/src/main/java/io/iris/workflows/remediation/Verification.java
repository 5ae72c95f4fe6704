package io.iris.workflows.remediation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a runbook's {@link VerifyCondition} holds on fresh metrics: pure, so the workflow may
 * decide with it and a test can pin each boundary.
 */
public final class Verification {

  /** What the fresh metrics prove. */
  public enum Verdict {
    /** Every expression holds, on enough samples. */
    VERIFIED,
    /** Enough samples, and at least one expression does not hold. */
    NOT_VERIFIED,
    /** Too few samples (or a metric without data) to say either way. */
    UNPROVEN;

    /** The {@code auto_remediation_log} outcome: verified, not_verified, unproven. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param verdict what the metrics prove
   * @param accepted whether the remediation counts as working: verified, or unproven where the
   *     runbook allows it
   * @param detail in plain words, e.g. {@code delivery_rate_percent 99.5 >= 98 (120 samples)}
   */
  public record Result(Verdict verdict, boolean accepted, String detail) {}

  private Verification() {}

  /**
   * @param fresh the figures taken after the stabilization wait; {@code null} when they could not
   *     be taken (unproven)
   * @param expected the anomaly's expected value, for {@code <n> * expected} thresholds
   */
  public static Result check(VerifyCondition verify, ScopeMetrics fresh, double expected) {
    if (fresh == null) {
      return result(verify, Verdict.UNPROVEN, "no fresh metrics could be taken");
    }
    if (fresh.samples() < verify.minSamples()) {
      return result(
          verify,
          Verdict.UNPROVEN,
          fresh.samples() + " samples, fewer than the " + verify.minSamples() + " required");
    }
    List<String> held = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> passedOver = new ArrayList<>();
    List<VerifyCondition.Expression> expressions = new ArrayList<>(verify.all());
    expressions.addAll(verify.whenMeasured());
    for (int i = 0; i < expressions.size(); i++) {
      VerifyCondition.Expression e = expressions.get(i);
      var value = fresh.value(e.metric());
      if (value.isEmpty()) {
        (i < verify.all().size() ? missing : passedOver).add(e.metric().wireName());
        continue;
      }
      double threshold = e.threshold(expected);
      String line =
          e.metric().wireName()
              + " "
              + number(value.get())
              + " "
              + e.op().symbol()
              + " "
              + number(threshold);
      if (e.op().holds(value.get(), threshold)) {
        held.add(line);
      } else {
        failed.add(line.replace(" " + e.op().symbol() + " ", " not " + e.op().symbol() + " "));
      }
    }
    String samples =
        " ("
            + fresh.samples()
            + " samples"
            + (passedOver.isEmpty()
                ? ""
                : "; no data yet for " + String.join(", ", passedOver) + ", passed over")
            + ")";
    if (!failed.isEmpty()) {
      return result(verify, Verdict.NOT_VERIFIED, String.join(", ", failed) + samples);
    }
    if (!missing.isEmpty()) {
      return result(
          verify, Verdict.UNPROVEN, "no data for " + String.join(", ", missing) + samples);
    }
    return result(verify, Verdict.VERIFIED, String.join(", ", held) + samples);
  }

  private static Result result(VerifyCondition verify, Verdict verdict, String detail) {
    boolean accepted =
        verdict == Verdict.VERIFIED || (verdict == Verdict.UNPROVEN && verify.allowUnproven());
    return new Result(verdict, accepted, detail);
  }

  /** Two decimals at most, without trailing zeros; deterministic (no locale). */
  static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return String.valueOf(value);
    }
    double rounded = Math.round(value * 100.0) / 100.0;
    if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
      return String.valueOf((long) rounded);
    }
    return java.math.BigDecimal.valueOf(rounded).stripTrailingZeros().toPlainString();
  }
}
