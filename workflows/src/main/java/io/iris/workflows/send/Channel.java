package io.iris.workflows.send;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

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

  /** The channel of a wire name, or empty for a blank or unknown one. */
  public static Optional<Channel> tryFromWire(String name) {
    return name == null
        ? Optional.empty()
        : Arrays.stream(values()).filter(c -> c.wireName().equals(name.trim())).findFirst();
  }
}
