package io.iris.workflows.incident;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes incident histories for the replay test when run with -Diris.recordHistories=true. */
final class IncidentHistories {

  private IncidentHistories() {}

  static void record(WorkflowClient client, String workflowId, String name) {
    if (!Boolean.getBoolean("iris.recordHistories")) {
      return;
    }
    try {
      Path dir = Path.of("src/test/resources/histories");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".json"), client.fetchHistory(workflowId).toJson(true));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
