package io.iris.api.faults;

import io.iris.api.support.ApiClient;
import io.iris.api.support.RealTemporal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The platform as the fault tests run it: a PostgreSQL server of its own, the provider simulator in
 * a process of its own (its record of what the providers received outlives the application), and
 * the packaged application in a process of its own with the dev profile, on the real Temporal dev
 * server in a namespace of its own (so no other test's worker serves its task queues).
 */
final class IsolatedPlatform implements AutoCloseable {

  final DisposablePostgres pg;
  final AppProcess simulator;
  final AppProcess app;
  final ApiClient api;
  final ApiClient sim;

  private IsolatedPlatform(
      DisposablePostgres pg, AppProcess simulator, AppProcess app, ApiClient api, ApiClient sim) {
    this.pg = pg;
    this.simulator = simulator;
    this.app = app;
    this.api = api;
    this.sim = sim;
  }

  /**
   * Starts it all.
   *
   * @param name names the database, the logs and the simulator's key folder
   * @param namespace the Temporal namespace, registered when missing
   * @param adminKey the bootstrap admin key
   * @param settings the application's own settings for this test (they win over the defaults set
   *     here)
   */
  static IsolatedPlatform start(
      String name, String namespace, String adminKey, Map<String, String> settings)
      throws Exception {
    FaultE2EIT.ensureNamespace(namespace);
    String database = "iris_" + name;
    DisposablePostgres pg = DisposablePostgres.create(database);
    int appPort = AppProcess.freePort();
    int simulatorPort = AppProcess.freePort();
    // The simulator and the application keep and read the same signing keys in this folder.
    String keys =
        Path.of("target", name + "-simulator-" + UUID.randomUUID()).toAbsolutePath().toString();
    Map<String, String> simEnv = new HashMap<>();
    simEnv.put("IRIS_SIMULATOR_DIR", keys);
    simEnv.put("IRIS_SIMULATOR_PLATFORM_URL", "http://localhost:" + appPort);
    AppProcess simulator = AppProcess.simulator(simEnv, name + "-simulator", simulatorPort);
    Map<String, String> env = new HashMap<>();
    env.put("IRIS_SIMULATOR_URL", "http://localhost:" + simulatorPort);
    env.put("IRIS_SIMULATOR_DIR", keys);
    env.put("DATABASE_URL", pg.url(database));
    env.put("TEMPORAL_TARGET", RealTemporal.target());
    env.put("TEMPORAL_NAMESPACE", namespace);
    env.put("SPRING_PROFILES_ACTIVE", "dev");
    env.put("IRIS_BOOTSTRAP_ADMIN_KEY", adminKey);
    env.putAll(settings);
    AppProcess app = AppProcess.start(env, name + "-app", appPort);
    return new IsolatedPlatform(
        pg, simulator, app, new ApiClient(app.port), new ApiClient(simulatorPort));
  }

  @Override
  public void close() throws Exception {
    app.close();
    simulator.close();
    pg.close();
  }
}
