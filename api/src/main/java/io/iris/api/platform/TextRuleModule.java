package io.iris.api.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Applies {@link TextRule} to every string a request body binds to, values and map keys alike,
 * wherever it is nested: Jackson adds the field path as the failure travels up, so the 400 names
 * e.g. {@code metadata.note} or {@code recipients[2].to}.
 */
public final class TextRuleModule extends SimpleModule {

  /** A string in a request body breaks {@link TextRule}; {@link #reason()} follows the field. */
  public static final class InvalidText extends MismatchedInputException {
    private final String reason;

    InvalidText(JsonParser parser, String reason) {
      super(parser, "text " + reason, String.class);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  public TextRuleModule() {
    super("iris-text-rule");
    addDeserializer(String.class, new CheckedStrings());
    addKeyDeserializer(String.class, new CheckedKeys());
  }

  private static final class CheckedStrings extends StringDeserializer {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String value = super.deserialize(p, ctxt);
      if (value != null) {
        var problem = TextRule.problem(value);
        if (problem.isPresent()) {
          throw new InvalidText(p, problem.get());
        }
      }
      return value;
    }
  }

  private static final class CheckedKeys extends KeyDeserializer {
    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
      var problem = TextRule.problem(key);
      if (problem.isPresent()) {
        throw new InvalidText(ctxt.getParser(), "has a key that " + problem.get());
      }
      return key;
    }
  }
}
