package io.iris.integrations.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The v0 signature, against the example in Slack's documentation. */
class SlackSignatureTest {

  // Slack's published example ("Verifying requests from Slack"): secret, timestamp, body, result.
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final String TIMESTAMP = "1531420618";
  private static final String BODY =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
          + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
          + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554"
          + "%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c44"
          + "7fce8b6703c";
  private static final String EXPECTED =
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

  private static final Instant SIGNED_AT = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP));
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  private static byte[] body() {
    return BODY.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void givenSlacksExample_whenSigned_itShouldMatchTheDocumentedSignature() {
    assertThat(SlackSignature.sign(SECRET, TIMESTAMP, body())).isEqualTo(EXPECTED);
  }

  @Test
  void givenSlacksExample_whenVerifiedAtTheTime_itShouldBeAccepted() {
    assertThatCode(
            () ->
                SlackSignature.verify(
                    SECRET, TIMESTAMP, EXPECTED, body(), SIGNED_AT.plusSeconds(30), FIVE_MINUTES))
        .doesNotThrowAnyException();
  }

  @Test
  void givenATimestampInTheFuture_whenVerified_itShouldBeRefused() {
    assertThatThrownBy(
            () ->
                SlackSignature.verify(
                    SECRET, TIMESTAMP, EXPECTED, body(), SIGNED_AT.minusSeconds(301), FIVE_MINUTES))
        .isInstanceOf(SlackSignature.Invalid.class)
        .hasMessageContaining("seconds from now");
  }

  @Test
  void givenAnUnparseableTimestamp_whenVerified_itShouldBeRefused() {
    assertThatThrownBy(
            () ->
                SlackSignature.verify(
                    SECRET, "99999999999999999999", EXPECTED, body(), SIGNED_AT, FIVE_MINUTES))
        .isInstanceOf(SlackSignature.Invalid.class)
        .hasMessageContaining("unix time");
  }

  @Test
  void givenATruncatedSignature_whenVerified_itShouldBeRefused() {
    assertThatThrownBy(
            () ->
                SlackSignature.verify(
                    SECRET,
                    TIMESTAMP,
                    EXPECTED.substring(0, EXPECTED.length() - 1),
                    body(),
                    SIGNED_AT,
                    FIVE_MINUTES))
        .isInstanceOf(SlackSignature.Invalid.class);
  }
}
