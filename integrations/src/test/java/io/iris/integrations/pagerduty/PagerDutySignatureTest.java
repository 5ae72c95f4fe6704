package io.iris.integrations.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The v1 signature scheme of PagerDuty webhooks v3. */
class PagerDutySignatureTest {

  private static final byte[] BODY =
      "{\"event\":{\"id\":\"01\",\"event_type\":\"incident.resolved\"}}"
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void givenAKnownKeyAndBody_whenSigned_itShouldGiveTheHmacSha256InLowerCaseHex() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    assertThat(
            PagerDutySignature.sign(
                "Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void givenTheRightSignature_whenChecked_itShouldMatch() {
    String header = "v1=" + PagerDutySignature.sign("secret", BODY);

    assertThat(PagerDutySignature.matches("secret", BODY, header)).isTrue();
  }

  @Test
  void givenSeveralValues_whenAnyOneMatches_itShouldMatch() {
    String good = "v1=" + PagerDutySignature.sign("secret", BODY);
    String stale = "v1=" + PagerDutySignature.sign("old-secret", BODY);

    assertThat(PagerDutySignature.matches("secret", BODY, stale + "," + good)).isTrue();
    assertThat(PagerDutySignature.matches("secret", BODY, good + ", " + stale)).isTrue();
    assertThat(PagerDutySignature.matches("secret", BODY, "v0=abc, " + good)).isTrue();
  }

  @Test
  void givenNoMatchingValue_whenChecked_itShouldNotMatch() {
    String stale = "v1=" + PagerDutySignature.sign("old-secret", BODY);
    String unversioned = PagerDutySignature.sign("secret", BODY);

    assertThat(PagerDutySignature.matches("secret", BODY, stale)).isFalse();
    assertThat(PagerDutySignature.matches("secret", BODY, unversioned)).isFalse();
    assertThat(PagerDutySignature.matches("secret", BODY, "v1=")).isFalse();
    assertThat(PagerDutySignature.matches("secret", BODY, " , ")).isFalse();
    assertThat(PagerDutySignature.matches("", BODY, "v1=00")).isFalse();
  }

  @Test
  void givenAChangedBody_whenChecked_itShouldNotMatch() {
    String header = "v1=" + PagerDutySignature.sign("secret", BODY);
    byte[] changed =
        new String(BODY, StandardCharsets.UTF_8)
            .replace("resolved", "acknowledged")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(PagerDutySignature.matches("secret", changed, header)).isFalse();
  }
}
