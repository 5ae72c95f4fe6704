package io.iris.workflows.send;

import java.util.Locale;

/** A way to reach a recipient. The wire name (lowercase) is what the API and config use. */
public enum Channel {
  SMS,
  EMAIL,
  SLACK,
  TEAMS,
  WEBHOOK,
  PUSH;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The channel of a wire name; throws {@link IllegalArgumentException} for unknown names. */
  public static Channel fromWire(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
