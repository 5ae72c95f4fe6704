package io.iris.simulator;

import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Steering the simulated providers and looking at what they received. */
@RestController
@Profile("dev")
class SimulatorControlController {

  static final long MAX_LATENCY_MS = 120_000;

  private final ProviderSimulations simulations;

  SimulatorControlController(ProviderSimulations simulations) {
    this.simulations = simulations;
  }

  @GetMapping("/sim/{provider}/behavior")
  Behavior behavior(@PathVariable String provider) {
    return simulations.named(provider).behavior();
  }

  @PutMapping("/sim/{provider}/behavior")
  Behavior behave(@PathVariable String provider, @RequestBody BehaviorRequest request) {
    ProviderSimulation simulation = simulations.named(provider);
    Behavior behavior = validated(request);
    simulation.behave(behavior);
    return behavior;
  }

  @GetMapping("/sim/{provider}/messages")
  List<SimulatedMessage> messages(@PathVariable String provider) {
    return simulations.named(provider).views();
  }

  @DeleteMapping("/sim/{provider}/messages")
  ResponseEntity<Void> reset(@PathVariable String provider) {
    simulations.named(provider).reset();
    return ResponseEntity.noContent().build();
  }

  private static Behavior validated(BehaviorRequest request) {
    double failureRate =
        request.failureRate() == null ? Behavior.NORMAL.failureRate() : request.failureRate();
    if (!(failureRate >= 0.0 && failureRate <= 1.0)) {
      throw SimulatorProblem.invalidField("failureRate", "must be between 0 and 1");
    }
    long latencyMs =
        request.latencyMs() == null ? Behavior.NORMAL.latencyMs() : request.latencyMs();
    if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
      throw SimulatorProblem.invalidField("latencyMs", "must be between 0 and " + MAX_LATENCY_MS);
    }
    ReceiptOutcome receipt =
        request.receipt() == null
            ? Behavior.NORMAL.receipt()
            : ReceiptOutcome.fromWire(request.receipt())
                .orElseThrow(
                    () ->
                        SimulatorProblem.invalidField(
                            "receipt", "must be one of delivered, failed, none"));
    return new Behavior(failureRate, latencyMs, receipt);
  }
}
