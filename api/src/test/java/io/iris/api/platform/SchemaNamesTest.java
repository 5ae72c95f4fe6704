package io.iris.api.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.send.SuppressionList;
import io.swagger.v3.core.converter.AnnotatedType;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class SchemaNamesTest {

  static final class Timeline {
    record Entry(String at, String event) {}
  }

  static final class Suppressions {
    record Entry(String channel, String address) {}
  }

  private final SchemaNames names = new SchemaNames();

  private AnnotatedType resolve(Class<?> type) {
    AnnotatedType annotated = new AnnotatedType(type);
    names.resolve(annotated, null, Collections.emptyIterator());
    return annotated;
  }

  @Test
  void givenTwoIrisTypesOfOneSimpleName_whenDocumented_itShouldReportTheClash() {
    resolve(Timeline.Entry.class);
    resolve(Timeline.Entry.class);
    assertThat(names.clashes()).isEmpty();

    resolve(Suppressions.Entry.class);

    assertThat(names.clashes()).containsExactly("Entry");
  }

  @Test
  void givenAnIrisTypeOfAModuleWithoutOpenApiAnnotations_itShouldBeNamedFromTheTable() {
    assertThat(resolve(SuppressionList.Entry.class).getName()).isEqualTo("Suppression");
    assertThat(resolve(String.class).getName()).isNull();
    assertThat(names.clashes()).isEmpty();
  }
}
