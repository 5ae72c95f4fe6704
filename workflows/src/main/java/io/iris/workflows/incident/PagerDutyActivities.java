package io.iris.workflows.incident;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * PagerDuty Events API v2 with {@code dedup_key} = incident id. A 400 is a permanent failure; 429,
 * 5xx and network errors are retried by the activity's retry policy.
 */
@ActivityInterface
public interface PagerDutyActivities {

  @ActivityMethod
  void trigger(IncidentSnapshot incident);

  @ActivityMethod
  void acknowledge(IncidentSnapshot incident);

  @ActivityMethod
  void resolve(IncidentSnapshot incident);
}
