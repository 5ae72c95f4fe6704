package io.iris.activities.routing;

import io.iris.activities.send.SendSettings;
import io.iris.integrations.spi.ProviderRegistry;
import io.iris.workflows.send.Channel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The providers the health evaluation and the failover activities look at: per channel, the
 * configured route ({@code iris.send.routes}, whose order breaks ties) with only the enabled
 * adapters.
 */
@Component
public class ChannelProviders {

  private final SendSettings send;
  private final ProviderRegistry registry;

  public ChannelProviders(SendSettings send, ProviderRegistry registry) {
    this.send = send;
    this.registry = registry;
  }

  /** Every channel with at least one enabled provider, in the configured order. */
  public Map<Channel, List<String>> all() {
    Map<Channel, List<String>> out = new LinkedHashMap<>();
    for (Channel channel : Channel.values()) {
      List<String> providers = of(channel);
      if (!providers.isEmpty()) {
        out.put(channel, providers);
      }
    }
    return out;
  }

  /** The channel's enabled providers, in route order. */
  public List<String> of(Channel channel) {
    List<String> out = new ArrayList<>();
    for (String name : send.routes().getOrDefault(channel.wireName(), List.of())) {
      if (registry.isEnabled(name)
          && registry.find(name).map(a -> a.channel() == channel).orElse(false)
          && !out.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }
}
