package io.iris.workflows.common;

/** Every Temporal task queue the platform uses, in one place. */
public final class TaskQueues {
  /** Message sends, bulk sends and webhook deliveries. */
  public static final String SEND = "iris-send";

  /** Incidents, escalations and remediations. */
  public static final String INCIDENT = "iris-incident";

  /** Scheduled cycles: health evaluation, cost, capacity, security, analytics. */
  public static final String OPERATIONS = "iris-operations";

  private TaskQueues() {}
}
