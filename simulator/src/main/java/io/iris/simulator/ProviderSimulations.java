package io.iris.simulator;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** The state of every simulated provider. */
@Component
@Profile("dev")
class ProviderSimulations {

  private final Map<SimulatedProvider, ProviderSimulation> byProvider =
      new EnumMap<>(SimulatedProvider.class);

  ProviderSimulations(SimulatorSettings settings, Clock clock) {
    for (SimulatedProvider provider : SimulatedProvider.values()) {
      // One stream per provider, so one provider's traffic does not shift another's failures.
      Random random =
          settings.seed() == null ? new Random() : new Random(settings.seed() + provider.ordinal());
      byProvider.put(provider, new ProviderSimulation(provider, random, clock));
    }
  }

  ProviderSimulation of(SimulatedProvider provider) {
    return byProvider.get(provider);
  }

  /** The simulation of a provider named in a path; 404 for names we do not simulate. */
  ProviderSimulation named(String name) {
    return SimulatedProvider.fromWire(name)
        .map(byProvider::get)
        .orElseThrow(() -> SimulatorProblem.notFound("simulated provider", name));
  }
}
