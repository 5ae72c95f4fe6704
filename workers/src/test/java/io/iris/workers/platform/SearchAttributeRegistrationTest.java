package io.iris.workers.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.common.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchAttributeRegistrationTest {

  @Test
  void givenAServerWithNone_allAttributesShouldBeRegisteredAsKeywords() {
    Map<String, IndexedValueType> missing = SearchAttributeRegistration.missing(Map.of());
    assertThat(missing).hasSize(SearchAttributes.ALL.size());
    assertThat(missing.values()).containsOnly(IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    assertThat(missing.keySet())
        .contains("IrisTenantId", "IrisMessageStatus", "IrisIncidentStatus", "IrisRunbook");
  }

  @Test
  void givenAServerWithSome_onlyTheOthersShouldBeRegistered() {
    Map<String, IndexedValueType> missing =
        SearchAttributeRegistration.missing(
            Map.of(
                "IrisTenantId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                "IrisChannel", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    assertThat(missing).doesNotContainKeys("IrisTenantId", "IrisChannel");
    assertThat(missing).hasSize(SearchAttributes.ALL.size() - 2);
  }
}
