package io.iris.api.platform;

import io.iris.api.problem.ApiProblem;
import io.iris.integrations.spi.EdgeText;
import java.util.Optional;

/**
 * The one rule for text that comes in at the edge ({@link EdgeText}, shared with the callbacks read
 * in the integrations module) (JSON strings and keys, query parameters, path segments): no NUL
 * character, which PostgreSQL cannot store, and no unpaired surrogate, which is not a character at
 * all and would be sent on as '?'. Such text is refused with a 400 naming the field; nothing is
 * stripped or replaced.
 */
public final class TextRule {

  private TextRule() {}

  /** Why the text breaks the rule, phrased to follow a field name; empty when it is fine. */
  public static Optional<String> problem(CharSequence text) {
    return EdgeText.problem(text);
  }

  /** Throws a 400 naming {@code field} when the text breaks the rule. */
  public static void check(String field, CharSequence text) {
    if (text != null) {
      problem(text)
          .ifPresent(
              p -> {
                throw ApiProblem.invalidField(field, p);
              });
    }
  }
}
