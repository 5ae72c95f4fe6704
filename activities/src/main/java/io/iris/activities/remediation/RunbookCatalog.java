package io.iris.activities.remediation;

import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.Runbook;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The runbooks at {@code IRIS_RUNBOOKS_LOCATION} ({@code *.yaml}), loaded and validated once at
 * start-up. Any error stops the process ({@link InvalidRunbooksException} lists them all), so
 * neither the workers nor the api run with a runbook that would fail mid-incident.
 */
@Component
public class RunbookCatalog implements Runbooks {

  private static final Logger log = LoggerFactory.getLogger(RunbookCatalog.class);

  private final List<Runbook> runbooks;

  @Autowired
  public RunbookCatalog(RemediationSettings settings) {
    this(load(settings.runbooksLocation()));
  }

  private RunbookCatalog(List<Runbook> runbooks) {
    this.runbooks = List.copyOf(runbooks);
  }

  /** A catalog of these runbooks (tests, tools). */
  public static RunbookCatalog of(List<Runbook> runbooks) {
    return new RunbookCatalog(runbooks);
  }

  /** Lists and loads the files; throws {@link InvalidRunbooksException} on any error. */
  public static List<Runbook> load(String location) {
    List<RunbookLoader.Source> sources = sources(location);
    RunbookLoader.Result result = RunbookLoader.load(sources);
    if (!result.errors().isEmpty()) {
      throw new InvalidRunbooksException(location, result.errors());
    }
    log.info(
        "remediation: {} runbook(s) loaded from {}: {}",
        result.runbooks().size(),
        location,
        result.runbooks().stream().map(Runbook::name).toList());
    return result.runbooks();
  }

  /**
   * The {@code *.yaml} files at the location, by file name, each named as the location shows it.
   */
  static List<RunbookLoader.Source> sources(String location) {
    String base = location.endsWith("/") ? location : location + "/";
    String shown = base.replaceFirst("^(classpath\\*?|file):", "");
    Resource[] resources;
    try {
      resources = new PathMatchingResourcePatternResolver().getResources(base + "*.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the runbooks at " + location, e);
    }
    List<Resource> sorted = new ArrayList<>(Arrays.asList(resources));
    sorted.removeIf(r -> r.getFilename() == null || !r.isReadable());
    sorted.sort(Comparator.comparing(Resource::getFilename));
    List<RunbookLoader.Source> sources = new ArrayList<>();
    for (Resource r : sorted) {
      try (InputStream in = r.getInputStream()) {
        sources.add(new RunbookLoader.Source(shown + r.getFilename(), in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the runbook " + r.getDescription(), e);
      }
    }
    return sources;
  }

  @Override
  public List<Runbook> all() {
    return runbooks;
  }

  @Override
  public List<Runbook> matching(String type, Severity severity, String channel) {
    String c = channel == null ? "" : channel;
    return runbooks.stream().filter(r -> r.trigger().matches(type, severity, c)).toList();
  }
}
