package io.iris.api.platform;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Bean Validation constraints as JSON Schema means them, applied to each IRIS type's schema once
 * swagger-core has translated the annotations. {@code @Pattern} matches the whole value, a JSON
 * Schema {@code pattern} any part of it, so patterns are anchored ({@code sms|email} would let
 * {@code xsmsx} through). {@code @NotBlank} strings get {@code minLength: 1} (swagger-core lets
 * {@code @Size}'s default {@code min = 0} win) and, where no other pattern applies, a pattern for
 * "not only blanks"; a {@code minLength: 0} says nothing and is dropped. A {@code Duration} is an
 * ISO-8601 {@code duration} string.
 */
final class ConstraintDocumentation implements ModelConverter {

  /**
   * Hibernate Validator's {@code @NotBlank}: something is left after {@code trim()}, which strips
   * every character up to U+0020.
   */
  static final String NOT_BLANK = "^[\\x00-\\x20]*[^\\x00-\\x20][\\s\\S]*$";

  private static final String REF_PREFIX = "#/components/schemas/";

  @Override
  public Schema resolve(
      AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
    Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    Class<?> cls = rawClass(type.getType());
    if (resolved == null || cls == null || !cls.getName().startsWith("io.iris.")) {
      return resolved;
    }
    Schema<?> model =
        resolved.get$ref() != null && resolved.get$ref().startsWith(REF_PREFIX)
            ? context.getDefinedModels().get(resolved.get$ref().substring(REF_PREFIX.length()))
            : resolved;
    if (model != null && model.getProperties() != null) {
      for (Map.Entry<String, Schema> property : model.getProperties().entrySet()) {
        Field field = field(cls, property.getKey());
        if (field != null) {
          apply(property.getValue(), Arrays.asList(field.getAnnotations()));
          if (field.getType() == Duration.class
              && isString(property.getValue())
              && property.getValue().getFormat() == null) {
            // Jackson reads java.time.Duration from ISO-8601, e.g. PT1H.
            property.getValue().setFormat("duration");
          }
        }
      }
    }
    return resolved;
  }

  static void apply(Schema<?> schema, List<Annotation> annotations) {
    boolean pattern = annotations.stream().anyMatch(Pattern.class::isInstance);
    boolean notBlank = annotations.stream().anyMatch(NotBlank.class::isInstance);
    boolean notEmpty = annotations.stream().anyMatch(NotEmpty.class::isInstance);
    if (pattern && schema.getPattern() != null) {
      schema.setPattern(anchored(schema.getPattern()));
    }
    if (isString(schema)) {
      if ((notBlank || notEmpty) && (schema.getMinLength() == null || schema.getMinLength() < 1)) {
        schema.setMinLength(1);
      }
      if (notBlank && schema.getPattern() == null) {
        schema.setPattern(NOT_BLANK);
      }
    }
    if (schema.getMinLength() != null && schema.getMinLength() == 0) {
      schema.setMinLength(null);
    }
  }

  /** The whole value must match, as {@link java.util.regex.Matcher#matches()} does. */
  static String anchored(String regex) {
    if (regex.startsWith("^") && regex.endsWith("$")) {
      return regex;
    }
    return "^(" + regex + ")$";
  }

  private static boolean isString(Schema<?> schema) {
    return "string".equals(schema.getType())
        || (schema.getTypes() != null && schema.getTypes().contains("string"));
  }

  private static Field field(Class<?> cls, String name) {
    for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        return c.getDeclaredField(name);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    return null;
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof JavaType javaType) {
      return javaType.getRawClass();
    }
    if (type instanceof Class<?> cls) {
      return cls;
    }
    if (type instanceof java.lang.reflect.ParameterizedType parameterized
        && parameterized.getRawType() instanceof Class<?> cls) {
      return cls;
    }
    return null;
  }
}
