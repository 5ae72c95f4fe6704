package io.iris.workflows.send;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a finished workflow's history into src/test/resources/histories when the build runs with
 * {@code -Diris.recordHistories=true}, so the committed histories can be refreshed after a
 * deliberate, versioned change. Ordinary runs only read them (see {@link ReplayTest}).
 */
final class Histories {

  static final Path DIR = Path.of("src/test/resources/histories");

  private Histories() {}

  static void record(WorkflowClient client, String workflowId, String name) {
    if (!Boolean.getBoolean("iris.recordHistories")) {
      return;
    }
    try {
      Files.createDirectories(DIR);
      Files.writeString(DIR.resolve(name + ".json"), client.fetchHistory(workflowId).toJson(true));
    } catch (IOException e) {
      throw new IllegalStateException("could not record the history of " + workflowId, e);
    }
  }
}
