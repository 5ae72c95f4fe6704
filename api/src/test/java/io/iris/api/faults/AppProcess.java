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
 * The packaged application (api and workers in one JVM, as {@code make run} starts it) in a process
 * of its own, so a test can stop what it depends on, or kill it, and watch it recover.
 */
final class AppProcess implements AutoCloseable {

  private final Process process;
  final int port;
  final Path log;

  private AppProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static AppProcess start(Map<String, String> environment, String name) throws Exception {
    Path jar = jar();
    int port = DisposablePostgres.freePort();
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
    b.environment().put("PORT", String.valueOf(port));
    AppProcess app = new AppProcess(b.start(), port, log);
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
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health/readiness"))
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

  private static Path jar() throws IOException {
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
