package io.iris.workflows.common;

import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The committed workflow histories, one folder per workflow type: {@code
 * src/test/resources/histories/<WorkflowType>/<name>.json}. Ordinary runs only read them (see
 * {@link ReplayTest}); with {@code -Diris.recordHistories=true} the workflow tests write a finished
 * workflow's history into its type's folder, so they can be refreshed after a deliberate, versioned
 * change.
 */
public final class Histories {

  /** The folder, relative to the workflows module (where Maven runs its tests). */
  static final Path DIR = Path.of("src/test/resources/histories");

  /** The same folder on the test class path. */
  static final String RESOURCES = "histories";

  private Histories() {}

  public static void record(WorkflowClient client, String workflowId, String name) {
    if (!Boolean.getBoolean("iris.recordHistories")) {
      return;
    }
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    try {
      Path dir = DIR.resolve(typeOf(history));
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".json"), history.toJson(true));
    } catch (IOException e) {
      throw new IllegalStateException("could not record the history of " + workflowId, e);
    }
  }

  /** The workflow type a history is of, from its first event. */
  static String typeOf(WorkflowExecutionHistory history) {
    return history
        .getEvents()
        .get(0)
        .getWorkflowExecutionStartedEventAttributes()
        .getWorkflowType()
        .getName();
  }

  /** The folders there are (each should be a workflow type). */
  static List<String> types() {
    try (Stream<Path> dirs = Files.list(DIR)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The committed histories of one workflow type, as class-path resources; empty for none. */
  static List<String> of(String type) {
    Path dir = DIR.resolve(type);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .map(n -> RESOURCES + "/" + type + "/" + n)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Files lying in the folder itself, outside every type's folder (there should be none). */
  static List<String> loose() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static WorkflowExecutionHistory read(String resource) {
    try (var in = Histories.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no history " + resource);
      }
      return WorkflowExecutionHistory.fromJson(new String(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
