package io.iris.activities.remediation;

import static io.iris.schema.jooq.Tables.PLATFORM_CONTROLS;

import io.iris.activities.platform.BackgroundRefresh;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The runtime switches every process reads ({@code platform_controls}): the kill switch {@code
 * remediation.enabled}, {@code cache.generation}, {@code worker.restart.{queue}} and {@code
 * worker.activity-slots.{queue}}. Re-read every {@code IRIS_PLATFORM_CONTROLS_REFRESH_INTERVAL} on
 * a virtual thread; a failed re-read keeps the last values, so a database outage changes nothing.
 *
 * <p>Listeners ({@link #onRefresh}) get every successfully read set of controls, after it is in
 * effect here (the worker controls and the caches apply the ones they own).
 */
@Component
public class PlatformControls implements RemediationSwitch, SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(PlatformControls.class);

  /** The kill switch's control. */
  public static final String REMEDIATION_ENABLED = "remediation.enabled";

  /** Bumped by {@code clear_cache}. */
  public static final String CACHE_GENERATION = "cache.generation";

  /** Bumped by {@code restart_worker} for one task queue. */
  public static String restart(String taskQueue) {
    return "worker.restart." + taskQueue;
  }

  /** The activity slots {@code scale_workers} set for one task queue. */
  public static String activitySlots(String taskQueue) {
    return "worker.activity-slots." + taskQueue;
  }

  /** A control as stored. */
  public record Control(String name, String value, String reason, String setBy) {}

  private final DSLContext db;
  private final RemediationSettings settings;
  private final Clock clock;
  private final List<Consumer<Map<String, Control>>> listeners = new CopyOnWriteArrayList<>();

  private volatile Map<String, Control> controls = Map.of();
  private final BackgroundRefresh refresher;
  private volatile boolean failing;

  public PlatformControls(DSLContext db, RemediationSettings settings, Clock clock) {
    this.db = db;
    this.settings = settings;
    this.clock = clock;
    this.refresher =
        new BackgroundRefresh(
            "platform-controls-refresh", settings.controlsRefreshInterval(), this::refresh);
  }

  /**
   * Whether remediation may act: the configuration allows it and the runtime control is not "false"
   * (no row: on).
   */
  @Override
  public boolean enabled() {
    return settings.enabled() && runtimeEnabled();
  }

  /** The runtime kill switch as last read here (no row: on). */
  public boolean runtimeEnabled() {
    Control c = controls.get(REMEDIATION_ENABLED);
    return c == null || !"false".equalsIgnoreCase(c.value().trim());
  }

  /** The control as last read here. */
  public Optional<Control> get(String name) {
    return Optional.ofNullable(controls.get(name));
  }

  /** Every control as last read here. */
  public Map<String, Control> all() {
    return controls;
  }

  /** A control's value as a long, or {@code otherwise} when absent or not a number. */
  public long longValue(String name, long otherwise) {
    Control c = controls.get(name);
    if (c == null) {
      return otherwise;
    }
    try {
      return Long.parseLong(c.value().trim());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /** Registers a listener for each set of controls read (called on the refresher thread). */
  public void onRefresh(Consumer<Map<String, Control>> listener) {
    listeners.add(listener);
  }

  /** Sets a control (and reads them all again here at once). */
  public void set(String name, String value, String reason, String setBy) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    db.insertInto(PLATFORM_CONTROLS)
        .set(PLATFORM_CONTROLS.NAME, name)
        .set(PLATFORM_CONTROLS.VALUE, value)
        .set(PLATFORM_CONTROLS.REASON, reason == null ? "" : reason)
        .set(PLATFORM_CONTROLS.SET_BY, setBy)
        .set(PLATFORM_CONTROLS.UPDATED_AT, now)
        .onConflict(PLATFORM_CONTROLS.NAME)
        .doUpdate()
        .set(PLATFORM_CONTROLS.VALUE, value)
        .set(PLATFORM_CONTROLS.REASON, reason == null ? "" : reason)
        .set(PLATFORM_CONTROLS.SET_BY, setBy)
        .set(PLATFORM_CONTROLS.UPDATED_AT, now)
        .execute();
    refresh();
  }

  /**
   * Adds one to a numeric control (absent: 0) in one statement, so concurrent bumps never lose one.
   *
   * @return the new value
   */
  public long bump(String name, String reason, String setBy) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    long next =
        db.fetchOne(
                "INSERT INTO platform_controls (name, value, reason, set_by, updated_at)"
                    + " VALUES (?, '1', ?, ?, ?::timestamptz)"
                    + " ON CONFLICT (name) DO UPDATE SET value ="
                    + " CASE WHEN platform_controls.value ~ '^[0-9]+$'"
                    + " THEN (platform_controls.value::bigint + 1)::text ELSE '1' END,"
                    + " reason = EXCLUDED.reason, set_by = EXCLUDED.set_by,"
                    + " updated_at = EXCLUDED.updated_at"
                    + " RETURNING value::bigint",
                name,
                reason == null ? "" : reason,
                setBy,
                now)
            .get(0, Long.class);
    refresh();
    return next;
  }

  /**
   * Re-reads the controls. On failure the last values stay and false is returned; it never throws.
   */
  public boolean refresh() {
    Map<String, Control> next;
    try {
      next =
          Map.copyOf(
              db.select(
                      PLATFORM_CONTROLS.NAME,
                      PLATFORM_CONTROLS.VALUE,
                      PLATFORM_CONTROLS.REASON,
                      PLATFORM_CONTROLS.SET_BY)
                  .from(PLATFORM_CONTROLS)
                  .fetchMap(
                      PLATFORM_CONTROLS.NAME,
                      r -> new Control(r.value1(), r.value2(), r.value3(), r.value4())));
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn(
            "remediation: could not re-read the platform controls, keeping the last ones: {}",
            e.toString());
      }
      return false;
    }
    if (failing) {
      failing = false;
      log.info("remediation: the platform controls are read again");
    }
    boolean wasEnabled = runtimeEnabled();
    controls = next;
    if (wasEnabled != runtimeEnabled()) {
      log.warn("remediation: the runtime kill switch is now {}", runtimeEnabled() ? "on" : "OFF");
    }
    for (Consumer<Map<String, Control>> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        log.warn("remediation: a platform-controls listener failed: {}", e.toString());
      }
    }
    return true;
  }

  /** Asks the refresher to read again soon (never blocks). */
  public void wake() {
    refresher.wake();
  }

  @Override
  public void start() {
    refresh();
    refresher.start();
  }

  @Override
  public void stop() {
    refresher.stop();
  }

  @Override
  public boolean isRunning() {
    return refresher.isRunning();
  }
}
