package io.iris.api.devprofile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The production jar (what `make build` and the Docker image ship) holds no simulator: no {@code
 * io/iris/simulator} class in its own classes or in any jar nested in it, and no simulator
 * configuration. Runs after {@code package} (failsafe), on the jar just built; the fault test
 * checks that the same jar, started with the dev profile, answers 404 under {@code /sim}.
 */
class PackagedJarIT {

  @Test
  void givenThePackagedApplicationJar_whenOpened_itShouldContainNoSimulatorClassOrJar()
      throws IOException {
    Path jar = packagedJar();
    List<String> simulator = new ArrayList<>();
    List<String> nested = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : file.stream().toList()) {
        String name = entry.getName();
        if (isSimulator(name)) {
          simulator.add(name);
        }
        if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
          nested.add(name);
          try (InputStream in = file.getInputStream(entry);
              JarInputStream inner = new JarInputStream(in)) {
            for (JarEntry e = inner.getNextJarEntry(); e != null; e = inner.getNextJarEntry()) {
              if (isSimulator(e.getName())) {
                simulator.add(name + "!/" + e.getName());
              }
            }
          }
        }
      }
      // The jar is the real one: the platform's own classes and modules are in it.
      assertThat(file.getEntry("BOOT-INF/classes/io/iris/api/IrisApplication.class")).isNotNull();
    }
    assertThat(nested)
        .anyMatch(n -> n.startsWith("BOOT-INF/lib/iris-workers-"))
        .noneMatch(n -> n.startsWith("BOOT-INF/lib/iris-simulator"));
    assertThat(simulator).as("simulator entries in " + jar).isEmpty();
  }

  /**
   * A class, resource or jar of the simulator. An empty directory entry is not one: a checkout
   * built before the simulator moved keeps {@code target/classes/io/iris/api/simulator/} empty.
   */
  private static boolean isSimulator(String name) {
    if (name.endsWith("/")) {
      return false;
    }
    return name.contains("io/iris/simulator/")
        || name.contains("io/iris/api/simulator/")
        || name.endsWith("iris-simulator.yml")
        || name.endsWith("iris-simulator-server.yml");
  }

  private static Path packagedJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("iris-api-.*\\.jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-plain.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no packaged api jar in target/"));
    }
  }
}
