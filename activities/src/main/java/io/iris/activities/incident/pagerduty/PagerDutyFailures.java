package io.iris.activities.incident.pagerduty;

/** The {@code ApplicationFailure} types of {@link PagerDutyActivitiesImpl}. */
public final class PagerDutyFailures {

  /** PagerDuty refused the event (400 and other 4xx but 408/429): not retried. */
  public static final String REJECTED = "PAGERDUTY_REJECTED";

  /** 429, 5xx, or no answer: retried by the activity's retry policy. */
  public static final String UNAVAILABLE = "PAGERDUTY_UNAVAILABLE";

  /** The routing key is not set: not retried; the message names the setting. */
  public static final String NOT_CONFIGURED = "PAGERDUTY_NOT_CONFIGURED";

  private PagerDutyFailures() {}
}
