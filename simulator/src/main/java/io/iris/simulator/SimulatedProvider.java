package io.iris.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The providers the simulator stands for; the wire name is the one in paths and settings. */
public enum SimulatedProvider {
  TWILIO,
  TELNYX,
  PLIVO,
  SENDGRID,
  POSTMARK,
  SLACK,
  TEAMS,
  WEBHOOK,
  FCM;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SimulatedProvider> fromWire(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName().equals(name)).findFirst();
  }
}
