package io.iris.api.faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own (initdb into a temporary folder, the distribution's
 * binaries), so a test can stop and start it under traffic without disturbing the shared test
 * database. Runs as the {@code postgres} user when the tests run as root (initdb refuses root).
 */
final class DisposablePostgres implements AutoCloseable {

  private final Path bin;
  private final Path dir;
  final int port;

  private DisposablePostgres(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  static DisposablePostgres create(String database) throws Exception {
    Path bin = binaries();
    Path dir = Path.of(asOwner(List.of("mktemp", "-d", "/tmp/iris-fault-pg-XXXXXX")).trim());
    int port = freePort();
    DisposablePostgres pg = new DisposablePostgres(bin, dir, port);
    asOwner(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8"));
    pg.start();
    asOwner(
        List.of(
            bin.resolve("createdb").toString(),
            "-h",
            "127.0.0.1",
            "-p",
            String.valueOf(port),
            "-U",
            "postgres",
            database));
    return pg;
  }

  String url(String database) {
    return "postgres://postgres@127.0.0.1:" + port + "/" + database;
  }

  void start() throws Exception {
    asOwner(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-p "
                + port
                + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                + dir
                + " -c fsync=off -c max_connections=200",
            "start"));
  }

  /** {@code pg_ctl stop -m fast}: every connection is cut, new ones are refused. */
  void stop() throws Exception {
    asOwner(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-m",
            "fast",
            "-w",
            "stop"));
  }

  @Override
  public void close() throws Exception {
    try {
      stop();
    } catch (Exception alreadyStopped) {
      // nothing to stop
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static Path binaries() throws Exception {
    try {
      Path fromConfig = Path.of(run(List.of("pg_config", "--bindir")).trim());
      if (Files.isExecutable(fromConfig.resolve("initdb"))) {
        return fromConfig;
      }
    } catch (IOException | IllegalStateException noPgConfig) {
      // fall through to the distribution's layout
    }
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(Path::toString))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries found"));
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static String asOwner(List<String> command) throws Exception {
    List<String> full = new ArrayList<>();
    if (root()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    return run(full);
  }

  private static String run(List<String> command) throws Exception {
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.environment().put("PATH", System.getenv("PATH") + ":/usr/sbin:/sbin");
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
