package io.iris.integrations.spi;

import java.util.Optional;

/**
 * The one rule for text that comes in from outside (request fields, callback payloads): no NUL
 * character, which PostgreSQL cannot store, and no unpaired surrogate, which is not a character at
 * all and would be sent on as '?'. Such text is refused, naming the field; nothing is stripped or
 * replaced.
 */
public final class EdgeText {

  private EdgeText() {}

  /** Why the text breaks the rule, phrased to follow a field name; empty when it is fine. */
  public static Optional<String> problem(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return Optional.of("must not contain the NUL character (U+0000)");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return Optional.of(unpaired(c));
      }
      if (Character.isLowSurrogate(c)) {
        return Optional.of(unpaired(c));
      }
    }
    return Optional.empty();
  }

  private static String unpaired(char c) {
    return String.format(
        "must not contain an unpaired surrogate (U+%04X), which is not a character", (int) c);
  }
}
