package io.iris.workflows.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.cost.CostOpportunity.Type;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The seed's auto-apply rule and the revert rule at their boundaries. */
class CostRulesTest {

  static CostPolicy policy(boolean on) {
    return new CostPolicy(
        on, "50", Duration.ofHours(72), Duration.ofMinutes(5), 3, 2.0, 20, Duration.ofHours(24));
  }

  static CostOpportunity of(Type type, String savings, String quality, boolean allows) {
    return new CostOpportunity(
        "x",
        type,
        "sms",
        "twilio",
        type.routes() ? "telnyx" : "",
        type.routes() ? "" : "+15550001",
        "100",
        savings,
        50,
        quality,
        allows,
        "");
  }

  @Test
  void autoApplyNeedsMoreThanTheMinimumMinimalImpactPermissionAndTheSwitchOn() {
    assertThat(of(Type.PROVIDER_SWITCH, "50.000001", "minimal", true).autoApplies(policy(true)))
        .isTrue();
    assertThat(of(Type.PROVIDER_SWITCH, "50", "minimal", true).autoApplies(policy(true)))
        .as("exactly $50/day is not more than $50")
        .isFalse();
    assertThat(of(Type.PROVIDER_SWITCH, "500", "moderate", true).autoApplies(policy(true)))
        .isFalse();
    assertThat(of(Type.VOLUME_DISCOUNT, "500", "minimal", false).autoApplies(policy(true)))
        .isFalse();
    assertThat(of(Type.PROVIDER_SWITCH, "500", "minimal", true).autoApplies(policy(false)))
        .as("auto-apply off")
        .isFalse();
  }

  @Test
  void aSwitchRevertsOnlyOnEnoughSendsAndADropBeyondTheMargin() {
    CostPolicy p = policy(true);
    assertThat(new SwitchQuality(20, 96.99, 99).dropped(p)).isTrue();
    assertThat(new SwitchQuality(20, 97.0, 99).dropped(p)).as("exactly the margin").isFalse();
    assertThat(new SwitchQuality(19, 10, 99).dropped(p)).as("too few sends").isFalse();
  }

  @Test
  void aRoutingOpportunityMustNameWhereTheTrafficGoes() {
    assertThatThrownBy(
            () ->
                new CostOpportunity(
                    "x",
                    Type.PROVIDER_SWITCH,
                    "sms",
                    "twilio",
                    "",
                    "",
                    "1",
                    "1",
                    1,
                    "minimal",
                    true,
                    ""))
        .hasMessageContaining("names no recommended provider");
  }
}
