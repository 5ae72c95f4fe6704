package io.iris.activities.remediation.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.activities.remediation.PlatformControls;
import io.iris.activities.remediation.RemediationSettings;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.StepCommand;
import io.iris.workflows.remediation.StepOutcome;
import io.iris.workflows.remediation.StepResult;
import java.io.IOException;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code scale_workers}: sets the platform control {@code worker.activity-slots.{queue}} to
 * min(current × {@code factor}, {@code IRIS_REMEDIATION_SCALE_MAX_SLOTS}) — current being the
 * control's value, else the configured {@code IRIS_WORKER_MAX_CONCURRENT_ACTIVITIES} — which every
 * process's worker controls apply; and, when {@code IRIS_REMEDIATION_SCALER_URL} is set, posts
 * {@code {"taskQueue","desiredSlots"}} there (an autoscaler's hook). The undo restores the previous
 * value.
 */
@Component
public class ScaleWorkersAction implements ActionRunner {

  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PlatformControls controls;
  private final RemediationSettings settings;
  private final int configuredSlots;
  private final OkHttpClient http = new OkHttpClient();

  public ScaleWorkersAction(
      PlatformControls controls,
      RemediationSettings settings,
      @Value("${iris.temporal.worker.max-concurrent-activities:200}") int configuredSlots) {
    this.controls = controls;
    this.settings = settings;
    this.configuredSlots = configuredSlots;
  }

  @Override
  public RemediationAction action() {
    return RemediationAction.SCALE_WORKERS;
  }

  @Override
  public StepResult apply(StepCommand command) {
    String queue = command.target().taskQueue();
    if (queue.isBlank()) {
      return ActionRunner.result(
          command, StepOutcome.FAILED, "the anomaly names no task queue", Map.of());
    }
    String name = PlatformControls.activitySlots(queue);
    controls.refresh();
    String previous = controls.get(name).map(PlatformControls.Control::value).orElse("");
    long current = controls.longValue(name, configuredSlots);
    double factor = Double.parseDouble(command.step().params().getOrDefault("factor", "2"));
    long desired =
        Math.min(settings.scaleMaxSlots(), Math.max(current + 1, Math.round(current * factor)));
    if (current >= settings.scaleMaxSlots()) {
      return ActionRunner.result(
          command,
          StepOutcome.ALREADY_IN_EFFECT,
          queue
              + " already runs "
              + current
              + " activity slots, the most allowed (IRIS_REMEDIATION_SCALE_MAX_SLOTS)",
          Map.of());
    }
    controls.set(
        name,
        Long.toString(desired),
        "remediation " + command.remediationId(),
        ActionRunner.source(command));
    String hook = "";
    if (!settings.scalerUrl().isBlank()) {
      hook = post(queue, desired);
    }
    return ActionRunner.result(
        command,
        StepOutcome.APPLIED,
        queue + " activity slots " + current + " -> " + desired + hook,
        Map.of("taskQueue", queue, "previous", previous, "desired", Long.toString(desired)));
  }

  private String post(String queue, long desired) {
    try {
      byte[] body = JSON.writeValueAsBytes(Map.of("taskQueue", queue, "desiredSlots", desired));
      try (Response response =
          http.newCall(
                  new Request.Builder()
                      .url(settings.scalerUrl())
                      .post(RequestBody.create(body, JSON_TYPE))
                      .build())
              .execute()) {
        if (!response.isSuccessful()) {
          throw new IllegalStateException(
              "the scaler hook answered HTTP " + response.code() + " for " + queue);
        }
        return "; scaler hook answered HTTP " + response.code();
      }
    } catch (IOException e) {
      throw new IllegalStateException("the scaler hook could not be reached: " + e, e);
    }
  }

  @Override
  public StepResult undo(StepCommand command) {
    Map<String, String> undo = command.undoOf() == null ? Map.of() : command.undoOf().undo();
    String queue = undo.get("taskQueue");
    if (queue == null) {
      return ActionRunner.result(
          command, StepOutcome.NOTHING_TO_UNDO, "this step scaled nothing", Map.of());
    }
    String name = PlatformControls.activitySlots(queue);
    String previous = undo.getOrDefault("previous", "");
    controls.set(
        name,
        previous.isBlank() ? Integer.toString(configuredSlots) : previous,
        "rollback of remediation " + command.remediationId(),
        ActionRunner.source(command));
    return ActionRunner.result(
        command,
        StepOutcome.ROLLED_BACK,
        queue + " activity slots back to " + (previous.isBlank() ? configuredSlots : previous),
        Map.of());
  }
}
