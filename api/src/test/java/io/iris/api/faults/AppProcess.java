package io.iris.api.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A packaged jar in a process of its own: the application (api and workers in one JVM, the
 * production jar exactly as the image holds it, without the simulator), so a test can stop what it
 * depends on, or kill it, and watch it recover; or the provider simulator's own jar ({@code make
 * simulator}), whose record of what the providers received outlives the application.
 */
public final class AppProcess implements AutoCloseable {

  private final Process process;
  public final int port;
  final Path log;
  private final String readinessPath;

  private AppProcess(Process process, int port, Path log, String readinessPath) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.readinessPath = readinessPath;
  }

  /** A port nothing listens on now. */
  public static int freePort() throws IOException {
    return DisposablePostgres.freePort();
  }

  /** The production jar on {@code port}. */
  public static AppProcess start(Map<String, String> environment, String name, int port)
      throws Exception {
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.put("PORT", String.valueOf(port));
    return start(jar(), env, name, port, "/actuator/health/readiness");
  }

  /** The simulator's own process ({@code iris-simulator-*-exec.jar}) on {@code port}. */
  public static AppProcess simulator(Map<String, String> environment, String name, int port)
      throws Exception {
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.put("IRIS_SIMULATOR_PORT", String.valueOf(port));
    return start(simulatorJar(), env, name, port, "/sim/twilio/behavior");
  }

  private static AppProcess start(
      Path jar, Map<String, String> environment, String name, int port, String readinessPath)
      throws Exception {
    Path log = Path.of("target", name + ".log");
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(System.getProperty("java.home") + "/bin/java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-jar", jar.toString()));
    ProcessBuilder b =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    b.environment().putAll(environment);
    AppProcess app = new AppProcess(b.start(), port, log, readinessPath);
    app.awaitHealthy(Duration.ofSeconds(180));
    return app;
  }

  void awaitHealthy(Duration within) throws Exception {
    Instant deadline = Instant.now().plus(within);
    HttpClient http = HttpClient.newHttpClient();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the application stopped at start; see " + log);
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + readinessPath))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "the application was not ready within " + within + "; see " + log);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** The simulator's exec jar, built by the reactor before this module (a test dependency). */
  private static Path simulatorJar() throws IOException {
    Path target = Path.of("..", "simulator", "target");
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().matches("iris-simulator-.*-exec\\.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no iris-simulator-*-exec.jar in "
                          + target.toAbsolutePath()
                          + ": the reactor packages the simulator module before api"));
    }
  }

  static Path jar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("iris-api-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no packaged api jar in target/: the fault tests run after `package`"));
    }
  }
}
