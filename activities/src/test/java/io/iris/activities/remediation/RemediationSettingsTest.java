package io.iris.activities.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.remediation.RemediationAction;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemediationSettingsTest {

  static Map<String, Integer> limits() {
    Map<String, Integer> limits = new HashMap<>();
    limits.put("failover", 3);
    limits.put("throttle-tenant", 5);
    limits.put("block-ip", 20);
    limits.put("scale-workers", 3);
    limits.put("restart-worker", 3);
    limits.put("clear-cache", 6);
    limits.put("notify", 60);
    return limits;
  }

  static RemediationSettings settings(boolean enabled) {
    return settings(enabled, limits(), Duration.ofSeconds(6));
  }

  static RemediationSettings settings(
      boolean enabled, Map<String, Integer> limits, Duration settle) {
    return RemediationSettings.defaults()
        .withApprovers(List.of("U1", " "))
        .with(enabled, limits, settle);
  }

  @Test
  void givenTheDefaults_whenBound_itShouldGiveEachActionsLimitByWireName() {
    RemediationSettings s = settings(true);

    assertThat(s.limit(RemediationAction.FAILOVER)).isEqualTo(3);
    assertThat(s.limit(RemediationAction.THROTTLE_TENANT)).isEqualTo(5);
    assertThat(s.limit(RemediationAction.NOTIFY)).isEqualTo(60);
    assertThat(s.approvers()).containsExactly("U1");
    assertThat(s.scalerUrl()).isEmpty();
    assertThat(s.policy().settle()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void givenAMissingActionLimit_whenBound_itShouldNameTheKey() {
    Map<String, Integer> limits = limits();
    limits.remove("clear-cache");

    assertThatThrownBy(() -> settings(true, limits, Duration.ofSeconds(6)))
        .hasMessageContaining("iris.remediation.limits.clear-cache must be at least 1");
  }

  @Test
  void givenAZeroSettle_whenBound_itShouldNameTheKey() {
    assertThatThrownBy(() -> settings(true, limits(), Duration.ZERO))
        .hasMessageContaining("iris.remediation.settle must be a positive duration");
  }

  @Test
  void givenACopyWithOneChange_itShouldKeepEveryOtherSettingAndRefuseUnknownNames() {
    RemediationSettings base = RemediationSettings.defaults();

    RemediationSettings copy = base.withRestartPause(Duration.ofSeconds(9));

    assertThat(copy.restartPause()).isEqualTo(Duration.ofSeconds(9));
    assertThat(copy.with(Map.of("restartPause", base.restartPause()))).isEqualTo(base);
    assertThatThrownBy(() -> base.with(Map.of("restartPuase", Duration.ofSeconds(1))))
        .hasMessage("no such remediation setting: [restartPuase]");
  }
}
