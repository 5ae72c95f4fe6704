package io.iris.integrations.spi;

import io.iris.workflows.send.Channel;
import io.iris.workflows.send.Recipients;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Every provider adapter by name, and the enabled ones per channel. */
@Component
public class ProviderRegistry {

  private final Map<String, ProviderAdapter> byName;

  public ProviderRegistry(List<ProviderAdapter> adapters) {
    this.byName =
        adapters.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    ProviderAdapter::name,
                    Function.identity(),
                    (a, b) -> {
                      throw new IllegalStateException(
                          "two provider adapters are named " + a.name());
                    }));
  }

  /** The adapter of that name, enabled or not. */
  public Optional<ProviderAdapter> find(String name) {
    return Optional.ofNullable(name == null ? null : byName.get(name));
  }

  /** Whether the provider exists and {@code iris.providers.<name>.enabled} is true. */
  public boolean isEnabled(String name) {
    ProviderAdapter adapter = name == null ? null : byName.get(name);
    return adapter != null && adapter.enabled();
  }

  /** The enabled adapters of a channel, by name (routing decides their order). */
  public List<ProviderAdapter> forChannel(Channel channel) {
    return byName.values().stream()
        .filter(adapter -> adapter.channel() == channel && isEnabled(adapter.name()))
        .sorted(Comparator.comparing(ProviderAdapter::name))
        .toList();
  }

  /**
   * Why {@code to} cannot be a recipient on {@code channel}: the first problem any of the channel's
   * providers (enabled or not: routing may change) has with it; empty when all take it.
   */
  public Optional<String> recipientProblem(Channel channel, String to) {
    List<ProviderAdapter> adapters =
        all().stream().filter(adapter -> adapter.channel() == channel).toList();
    if (adapters.isEmpty()) {
      return Recipients.problem(channel, to, ProviderAdapter.NO_URL_RULES);
    }
    for (ProviderAdapter adapter : adapters) {
      Optional<String> problem = adapter.recipientProblem(to);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /** Every adapter, by name. */
  public List<ProviderAdapter> all() {
    return byName.values().stream().sorted(Comparator.comparing(ProviderAdapter::name)).toList();
  }
}
