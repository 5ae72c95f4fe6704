package io.iris.workflows.send;

/**
 * Whether a message may be sent.
 *
 * @param verdict the decision
 * @param reason why, for the timeline and the message's error, or ""
 * @param code the message's error code when it is rejected ({@code budget_exceeded}); "" for the
 *     general {@code policy_rejected} (decisions recorded before codes existed have none)
 */
public record PolicyDecision(Verdict verdict, String reason, String code) {

  public PolicyDecision {
    reason = reason == null ? "" : reason;
    code = code == null ? "" : code;
  }

  public PolicyDecision(Verdict verdict, String reason) {
    this(verdict, reason, "");
  }

  public enum Verdict {
    ALLOW,
    /** The recipient is on the tenant's suppression list: end as suppressed, call no provider. */
    SUPPRESS,
    /** The tenant may not send now (blocked, over quota or budget): end as failed. */
    REJECT
  }

  public static PolicyDecision allow() {
    return new PolicyDecision(Verdict.ALLOW, "");
  }

  /** The error code a rejected message ends with. */
  public String rejectionCode() {
    return code.isEmpty() ? "policy_rejected" : code;
  }
}
