package io.iris.workflows.send;

/**
 * Whether a message may be sent.
 *
 * @param verdict the decision
 * @param reason why, for the timeline and the message's error, or ""
 */
public record PolicyDecision(Verdict verdict, String reason) {

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
}
