package io.iris.api.platform;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Request bodies as Jackson reads them here ({@code spring.jackson.deserialization}): a property
 * the type does not have is refused (400 "is not part of this request"), so each JSON request
 * schema says {@code additionalProperties: false}, unless its type ignores unknown properties
 * ({@code @JsonIgnoreProperties(ignoreUnknown = true)}, e.g. Alertmanager's payload); an optional
 * property may be sent as {@code null}, which reads as absent, so its type admits {@code null}.
 */
final class RequestBodyDocumentation implements OpenApiCustomizer {

  private static final String REF_PREFIX = "#/components/schemas/";

  private final SchemaNames schemaNames;

  RequestBodyDocumentation(SchemaNames schemaNames) {
    this.schemaNames = schemaNames;
  }

  @Override
  public void customise(OpenAPI openApi) {
    Map<String, Schema> components = openApi.getComponents().getSchemas();
    if (components == null) {
      return;
    }
    Set<String> done = new HashSet<>();
    openApi
        .getPaths()
        .values()
        .forEach(
            item ->
                item.readOperations().stream()
                    .map(Operation::getRequestBody)
                    .filter(body -> body != null && body.getContent() != null)
                    .flatMap(body -> body.getContent().values().stream())
                    .map(MediaType::getSchema)
                    .forEach(schema -> visit(schema, components, done)));
  }

  private void visit(Schema<?> schema, Map<String, Schema> components, Set<String> done) {
    if (schema == null) {
      return;
    }
    if (schema.getItems() != null) {
      visit(schema.getItems(), components, done);
    }
    String ref = schema.get$ref();
    if (ref == null || !ref.startsWith(REF_PREFIX)) {
      return;
    }
    String name = ref.substring(REF_PREFIX.length());
    Schema<?> model = components.get(name);
    if (model == null || !done.add(name)) {
      return;
    }
    if (model.getAdditionalProperties() == null) {
      model.setAdditionalProperties(ignoresUnknown(name));
    }
    if (model.getProperties() == null) {
      return;
    }
    Set<String> required =
        model.getRequired() == null ? Set.of() : new HashSet<>(model.getRequired());
    model
        .getProperties()
        .forEach(
            (property, propertySchema) -> {
              visit(propertySchema, components, done);
              if (!required.contains(property) && propertySchema.get$ref() == null) {
                admitNull(propertySchema);
              }
            });
  }

  private boolean ignoresUnknown(String schemaName) {
    return schemaNames
        .typeOf(schemaName)
        .map(type -> type.getAnnotation(JsonIgnoreProperties.class))
        .map(JsonIgnoreProperties::ignoreUnknown)
        .orElse(false);
  }

  private static void admitNull(Schema<?> schema) {
    if (schema.getTypes() != null && !schema.getTypes().isEmpty()) {
      Set<String> types = new LinkedHashSet<>(schema.getTypes());
      types.add("null");
      schema.setTypes(types);
    } else if (schema.getType() != null) {
      schema.setNullable(true);
    }
  }
}
