package io.iris.activities.send;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{variable}}} placeholders. Strict: a placeholder without a value is an error that
 * names it, rather than an empty gap in a customer's message.
 */
public final class TemplateRenderer {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

  /** A placeholder had no value. */
  public static final class MissingVariables extends IllegalArgumentException {
    private final Set<String> names;

    MissingVariables(Set<String> names) {
      super("missing template variables: " + String.join(", ", names));
      this.names = names;
    }

    public Set<String> names() {
      return names;
    }
  }

  private TemplateRenderer() {}

  /** The text every rendering of the template contains: the template without its placeholders. */
  public static String withoutPlaceholders(String template) {
    return PLACEHOLDER.matcher(template).replaceAll("");
  }

  public static String render(String template, Map<String, String> variables) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    Set<String> missing = new LinkedHashSet<>();
    while (matcher.find()) {
      String name = matcher.group(1);
      String value = variables.get(name);
      if (value == null) {
        missing.add(name);
        value = "";
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    if (!missing.isEmpty()) {
      throw new MissingVariables(missing);
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
