package io.iris.activities.send.provider;

import io.iris.workflows.send.Channel;
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
  private final ProviderSettings settings;

  public ProviderRegistry(List<ProviderAdapter> adapters, ProviderSettings settings) {
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
    this.settings = settings;
  }

  /** The adapter of that name, enabled or not. */
  public Optional<ProviderAdapter> find(String name) {
    return Optional.ofNullable(name == null ? null : byName.get(name));
  }

  /** Whether the provider exists and {@code iris.providers.<name>.enabled} is true. */
  public boolean isEnabled(String name) {
    ProviderSettings.Provider provider = settings.byName().get(name);
    return byName.containsKey(name) && provider != null && provider.enabled();
  }

  /** The enabled adapters of a channel, by name (routing decides their order). */
  public List<ProviderAdapter> forChannel(Channel channel) {
    return byName.values().stream()
        .filter(adapter -> adapter.channel() == channel && isEnabled(adapter.name()))
        .sorted(Comparator.comparing(ProviderAdapter::name))
        .toList();
  }

  /** Every adapter, by name. */
  public List<ProviderAdapter> all() {
    return byName.values().stream().sorted(Comparator.comparing(ProviderAdapter::name)).toList();
  }
}
