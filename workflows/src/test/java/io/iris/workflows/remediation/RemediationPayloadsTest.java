package io.iris.workflows.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The remediation payloads survive Temporal's data converter both ways. */
class RemediationPayloadsTest {

  @Test
  void givenAnEmptyPlan_whenConvertedAndBack_itShouldBeEqual() {
    RemediationPlan plan =
        new RemediationPlan(
            List.of(),
            new RemediationPolicy(
                Duration.ofSeconds(30), Duration.ofSeconds(6), Duration.ofMinutes(15)));
    var converter = DefaultDataConverter.newDefaultInstance();
    var payload = converter.toPayload(plan).orElseThrow();
    assertThat(converter.fromPayload(payload, RemediationPlan.class, RemediationPlan.class))
        .isEqualTo(plan);
  }
}
