package io.iris.api.platform;

import io.iris.activities.send.SuppressionList;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One schema per type. The document names a schema by its class's simple name, so two nested
 * records called {@code Entry} became one schema and the message timeline was documented as
 * suppression entries. Types of the api module name themselves with {@code @Schema(name)} where
 * their simple name is ambiguous; types of modules without OpenAPI annotations are named in {@link
 * #NAMES}. Any remaining clash (two IRIS types, one name) is logged and kept in {@link #clashes()},
 * which a test requires to be empty.
 */
final class SchemaNames implements ModelConverter {

  private static final Logger log = LoggerFactory.getLogger(SchemaNames.class);

  /** Schema names of IRIS types outside the api module (no OpenAPI annotations there). */
  static final Map<Class<?>, String> NAMES = Map.of(SuppressionList.Entry.class, "Suppression");

  /** The instance every application context of this JVM registers (see OpenApiConfiguration). */
  static final SchemaNames SHARED = new SchemaNames();

  private final Map<String, Class<?>> owners = new ConcurrentHashMap<>();
  private final Set<String> clashes = ConcurrentHashMap.newKeySet();

  @Override
  public Schema resolve(
      AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
    Class<?> cls = ConstraintDocumentation.rawClass(type.getType());
    if (cls != null && cls.getName().startsWith("io.iris.") && !cls.isEnum()) {
      String explicit = NAMES.get(cls);
      if (explicit != null && (type.getName() == null || type.getName().isBlank())) {
        type.setName(explicit);
      }
      String name = nameOf(cls, type);
      Class<?> owner = owners.putIfAbsent(name, cls);
      if (owner != null && owner != cls && clashes.add(name)) {
        log.warn(
            "OpenAPI schema '{}' is claimed by {} and {}; give one a distinct @Schema(name)",
            name,
            owner.getName(),
            cls.getName());
      }
    }
    return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
  }

  /** The IRIS type documented under a schema name, if one is. */
  Optional<Class<?>> typeOf(String schemaName) {
    return Optional.ofNullable(owners.get(schemaName));
  }

  /** Schema names claimed by more than one type so far. */
  List<String> clashes() {
    return List.copyOf(clashes);
  }

  private static String nameOf(Class<?> cls, AnnotatedType type) {
    if (type.getName() != null && !type.getName().isBlank()) {
      return type.getName();
    }
    io.swagger.v3.oas.annotations.media.Schema declared =
        cls.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
    return declared != null && !declared.name().isBlank() ? declared.name() : cls.getSimpleName();
  }
}
