package io.iris.integrations.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private static final String SECRET = "whsec-test";
  private static final long TIMESTAMP = 1772366400L;
  private static final Instant AT_TIMESTAMP = Instant.ofEpochSecond(TIMESTAMP);
  private static final byte[] BODY = "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8);
  // HMAC-SHA256("whsec-test", "1772366400." + body), computed independently.
  private static final String KNOWN =
      "v1=932287d9f555e563e5f8cd0aed77400b1fff6e620ac0cae10fc3ec4c5420f973";
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  @Test
  void givenAKnownBody_whenSigning_itShouldMatchAnIndependentHmac() {
    assertThat(WebhookSignature.sign(SECRET, TIMESTAMP, BODY)).isEqualTo(KNOWN);
  }

  @Test
  void givenTheSignedBody_whenVerifyingWithinTheWindow_itShouldAccept() {
    assertThat(
            WebhookSignature.verify(
                SECRET, "1772366400", BODY, KNOWN, AT_TIMESTAMP.plusSeconds(299), FIVE_MINUTES))
        .isTrue();
  }

  @Test
  void givenATamperedBody_whenVerifying_itShouldRefuse() {
    byte[] tampered = "{\"id\":\"2\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(
            WebhookSignature.verify(
                SECRET, "1772366400", tampered, KNOWN, AT_TIMESTAMP, FIVE_MINUTES))
        .isFalse();
  }

  @Test
  void givenAnotherSecret_whenVerifying_itShouldRefuse() {
    assertThat(
            WebhookSignature.verify("other", "1772366400", BODY, KNOWN, AT_TIMESTAMP, FIVE_MINUTES))
        .isFalse();
  }

  @Test
  void givenAnotherTimestampHeader_whenVerifying_itShouldRefuse() {
    assertThat(
            WebhookSignature.verify(SECRET, "1772366401", BODY, KNOWN, AT_TIMESTAMP, FIVE_MINUTES))
        .isFalse();
  }

  @Test
  void givenAStaleOrFutureTimestamp_whenVerifying_itShouldRefuse() {
    assertThat(
            WebhookSignature.verify(
                SECRET, "1772366400", BODY, KNOWN, AT_TIMESTAMP.plusSeconds(301), FIVE_MINUTES))
        .isFalse();
    assertThat(
            WebhookSignature.verify(
                SECRET, "1772366400", BODY, KNOWN, AT_TIMESTAMP.minusSeconds(301), FIVE_MINUTES))
        .isFalse();
  }

  @Test
  void givenSeveralSignaturesDuringARotation_whenVerifying_itShouldAcceptOneMatch() {
    String header = "v1=" + "0".repeat(64) + ", " + KNOWN;

    assertThat(
            WebhookSignature.verify(SECRET, "1772366400", BODY, header, AT_TIMESTAMP, FIVE_MINUTES))
        .isTrue();
  }

  @Test
  void givenMissingOrMalformedHeaders_whenVerifying_itShouldRefuse() {
    assertThat(WebhookSignature.verify(SECRET, null, BODY, KNOWN, AT_TIMESTAMP, FIVE_MINUTES))
        .isFalse();
    assertThat(WebhookSignature.verify(SECRET, "soon", BODY, KNOWN, AT_TIMESTAMP, FIVE_MINUTES))
        .isFalse();
    assertThat(
            WebhookSignature.verify(SECRET, "1772366400", BODY, null, AT_TIMESTAMP, FIVE_MINUTES))
        .isFalse();
    assertThat(
            WebhookSignature.verify(
                SECRET, "1772366400", BODY, KNOWN.substring(3), AT_TIMESTAMP, FIVE_MINUTES))
        .isFalse();
    assertThat(WebhookSignature.verify("", "1772366400", BODY, KNOWN, AT_TIMESTAMP, FIVE_MINUTES))
        .isFalse();
  }

  @Test
  void givenNoSecret_whenSigning_itShouldRefuse() {
    assertThatThrownBy(() -> WebhookSignature.sign(" ", TIMESTAMP, BODY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
