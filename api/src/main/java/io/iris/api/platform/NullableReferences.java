package io.iris.api.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * A property of a documented type that may be null ({@code @Schema(nullable = true)} on a record
 * component whose type has its own schema): under OpenAPI 3.1 swagger writes it as {@code type:
 * null} next to the {@code $ref}, and both apply, so only null would match. Each such property
 * becomes {@code anyOf: [{$ref}, {type: null}]}, its description kept.
 */
final class NullableReferences implements OpenApiCustomizer {

  @Override
  public void customise(OpenAPI openApi) {
    if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
      return;
    }
    for (Schema<?> component : openApi.getComponents().getSchemas().values()) {
      Map<String, Schema> properties = component.getProperties();
      if (properties == null) {
        continue;
      }
      properties.replaceAll((name, property) -> rewritten(property));
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  static Schema rewritten(Schema property) {
    if (property.get$ref() == null || !nullOnly(property)) {
      return property;
    }
    Schema ref = new Schema<>().$ref(property.get$ref());
    Schema nothing = new Schema<>();
    nothing.setTypes(Set.of("null"));
    Schema either = new Schema<>();
    either.setAnyOf(List.of(ref, nothing));
    either.setDescription(property.getDescription());
    return either;
  }

  private static boolean nullOnly(Schema<?> property) {
    Set<String> types = property.getTypes();
    if (types != null && !types.isEmpty()) {
      return types.equals(Set.of("null"));
    }
    return "null".equals(property.getType());
  }
}
