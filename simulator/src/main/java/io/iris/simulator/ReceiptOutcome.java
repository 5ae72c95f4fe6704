package io.iris.simulator;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a simulated provider finally reports about a message it accepted. */
public enum ReceiptOutcome {
  /** The message reached the recipient. */
  DELIVERED,
  /** The carrier or mailbox refused it (Twilio undelivered, Telnyx delivery_failed, a bounce). */
  FAILED,
  /** No final status ever arrives: no callback, and polling never sees one. */
  NONE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ReceiptOutcome> fromWire(String name) {
    return Arrays.stream(values()).filter(o -> o.wireName().equals(name)).findFirst();
  }
}
