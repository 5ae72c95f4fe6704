package io.iris.activities.remediation;

import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.RemediationPolicy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Runbook-driven remediation ({@code iris.remediation.*}; defaults in iris-platform.yml).
 *
 * @param enabled {@code IRIS_REMEDIATION_ENABLED}: false, and no incident is remediated (they page
 *     as before); the runtime kill switch ({@code PUT /v1/remediations/kill-switch}) can also
 *     switch it off
 * @param runbooksLocation where the runbook files are ({@code IRIS_RUNBOOKS_LOCATION}), a Spring
 *     resource location such as {@code classpath:runbooks/} or {@code file:/etc/iris/runbooks/}
 * @param stabilizationWait {@code IRIS_REMEDIATION_STABILIZATION_WAIT}
 * @param settle {@code IRIS_REMEDIATION_SETTLE}: at least the metrics flush interval
 * @param approvalTimeout {@code IRIS_REMEDIATION_APPROVAL_TIMEOUT}
 * @param approvers Slack user ids allowed to approve or reject ({@code IRIS_REMEDIATION_APPROVERS},
 *     comma-separated); empty: anyone in the channel
 * @param limitWindow the blast-radius window ({@code IRIS_REMEDIATION_LIMIT_WINDOW})
 * @param limits per action (wire name), how many steps may apply within the window ({@code
 *     IRIS_REMEDIATION_LIMIT_<ACTION>})
 * @param throttleDuration how long a tenant throttle lasts ({@code
 *     IRIS_REMEDIATION_THROTTLE_DURATION})
 * @param throttleMinPerSecond the lowest rate a throttle sets ({@code
 *     IRIS_REMEDIATION_THROTTLE_MIN_PER_SECOND})
 * @param blockDuration how long a blocked address stays blocked ({@code
 *     IRIS_REMEDIATION_BLOCK_DURATION})
 * @param neverBlock addresses never blocked ({@code IRIS_REMEDIATION_NEVER_BLOCK})
 * @param scaleMaxSlots the most activity slots {@code scale_workers} sets ({@code
 *     IRIS_REMEDIATION_SCALE_MAX_SLOTS})
 * @param scalerUrl where {@code scale_workers} also posts {@code {taskQueue, desiredSlots}} ({@code
 *     IRIS_REMEDIATION_SCALER_URL}); "" for none
 * @param restartPause how long {@code restart_worker} keeps polling stopped ({@code
 *     IRIS_REMEDIATION_RESTART_PAUSE})
 * @param controlsRefreshInterval how often each process reads the platform controls, throttles and
 *     blocks ({@code IRIS_PLATFORM_CONTROLS_REFRESH_INTERVAL})
 */
@ConfigurationProperties("iris.remediation")
public record RemediationSettings(
    boolean enabled,
    String runbooksLocation,
    Duration stabilizationWait,
    Duration settle,
    Duration approvalTimeout,
    List<String> approvers,
    Duration limitWindow,
    Map<String, Integer> limits,
    Duration throttleDuration,
    double throttleMinPerSecond,
    Duration blockDuration,
    List<String> neverBlock,
    int scaleMaxSlots,
    String scalerUrl,
    Duration restartPause,
    Duration controlsRefreshInterval,
    Duration activityTimeout,
    Duration activityRetryWindow) {

  public RemediationSettings {
    Objects.requireNonNull(runbooksLocation, "iris.remediation.runbooks-location");
    requirePositive("iris.remediation.stabilization-wait", stabilizationWait);
    requirePositive("iris.remediation.settle", settle);
    requirePositive("iris.remediation.approval-timeout", approvalTimeout);
    requirePositive("iris.remediation.limit-window", limitWindow);
    requirePositive("iris.remediation.throttle-duration", throttleDuration);
    requirePositive("iris.remediation.block-duration", blockDuration);
    requirePositive("iris.remediation.restart-pause", restartPause);
    requirePositive("iris.remediation.controls-refresh-interval", controlsRefreshInterval);
    requirePositive("iris.remediation.activity-timeout", activityTimeout);
    requirePositive("iris.remediation.activity-retry-window", activityRetryWindow);
    if (activityRetryWindow.compareTo(activityTimeout) < 0) {
      throw new IllegalArgumentException(
          "iris.remediation.activity-retry-window ("
              + activityRetryWindow
              + ") must be at least iris.remediation.activity-timeout ("
              + activityTimeout
              + ")");
    }
    approvers =
        approvers == null ? List.of() : approvers.stream().filter(a -> !a.isBlank()).toList();
    neverBlock =
        neverBlock == null ? List.of() : neverBlock.stream().filter(a -> !a.isBlank()).toList();
    limits = limits == null ? Map.of() : Map.copyOf(limits);
    for (RemediationAction action : RemediationAction.values()) {
      if (action == RemediationAction.REQUIRE_APPROVAL) {
        continue;
      }
      String key = action.wireName().replace('_', '-');
      Integer limit = limits.get(key);
      if (limit == null || limit < 1) {
        throw new IllegalArgumentException(
            "iris.remediation.limits." + key + " must be at least 1, got " + limit);
      }
    }
    if (!(throttleMinPerSecond > 0)) {
      throw new IllegalArgumentException(
          "iris.remediation.throttle-min-per-second must be positive, got " + throttleMinPerSecond);
    }
    if (scaleMaxSlots < 1) {
      throw new IllegalArgumentException(
          "iris.remediation.scale-max-slots must be at least 1, got " + scaleMaxSlots);
    }
    scalerUrl = scalerUrl == null ? "" : scalerUrl.trim();
  }

  /**
   * The documented defaults, those of {@code iris-platform.yml} without any environment (a binding
   * test in the workers module keeps the two equal): for tests and tools that need settings without
   * Spring.
   */
  public static RemediationSettings defaults() {
    return new RemediationSettings(
        true,
        "classpath:runbooks/",
        Duration.ofSeconds(30),
        Duration.ofSeconds(6),
        Duration.ofMinutes(15),
        List.of(),
        Duration.ofHours(1),
        Map.of(
            "failover", 3,
            "throttle-tenant", 5,
            "block-ip", 20,
            "scale-workers", 3,
            "restart-worker", 3,
            "clear-cache", 6,
            "notify", 60),
        Duration.ofHours(1),
        1,
        Duration.ofHours(24),
        List.of("127.0.0.1", "::1"),
        800,
        "",
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5));
  }

  /** These settings with other approvers. */
  public RemediationSettings withApprovers(List<String> ids) {
    return with(Map.of("approvers", ids));
  }

  /** These settings with another restart pause. */
  public RemediationSettings withRestartPause(Duration pause) {
    return with(Map.of("restartPause", pause));
  }

  /** These settings with other blast-radius limits and settle time (and the kill switch). */
  public RemediationSettings with(boolean on, Map<String, Integer> newLimits, Duration newSettle) {
    return with(Map.of("enabled", on, "limits", newLimits, "settle", newSettle));
  }

  /**
   * A copy with the named components replaced (through the canonical constructor, so its checks
   * run): one place for every {@code with…}, however many components the settings grow.
   */
  public RemediationSettings with(Map<String, Object> changes) {
    RecordComponent[] components = RemediationSettings.class.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    Set<String> unknown = new java.util.HashSet<>(changes.keySet());
    try {
      for (int i = 0; i < components.length; i++) {
        String name = components[i].getName();
        types[i] = components[i].getType();
        values[i] =
            changes.containsKey(name)
                ? changes.get(name)
                : components[i].getAccessor().invoke(this);
        unknown.remove(name);
      }
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("no such remediation setting: " + unknown);
      }
      return RemediationSettings.class.getDeclaredConstructor(types).newInstance(values);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The action's blast-radius limit per {@link #limitWindow()}. */
  public int limit(RemediationAction action) {
    return limits.getOrDefault(action.wireName().replace('_', '-'), Integer.MAX_VALUE);
  }

  /** The timings every remediation runs with, as data for the workflows. */
  public RemediationPolicy policy() {
    return new RemediationPolicy(
        stabilizationWait, settle, approvalTimeout, activityTimeout, activityRetryWindow);
  }

  private static void requirePositive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive duration, got " + value);
    }
  }
}
