package io.iris.integrations.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

  @Test
  void givenDelaySeconds_whenParsing_itShouldBeThatManySeconds() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
  }

  @Test
  void givenAnHttpDate_whenParsing_itShouldBeTheTimeUntilThen() {
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:45 GMT", NOW))
        .contains(Duration.ofSeconds(45));
  }

  @Test
  void givenAnHttpDateInThePast_whenParsing_itShouldBeNoWait() {
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void givenAnAbsurdWait_whenParsing_itShouldBeCapped() {
    assertThat(RetryAfter.parse("86400", NOW)).contains(RetryAfter.MAX);
    assertThat(RetryAfter.parse("99999999999999999999", NOW)).contains(RetryAfter.MAX);
  }

  @Test
  void givenNothingOrGarbage_whenParsing_itShouldBeEmpty() {
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    assertThat(RetryAfter.parse("", NOW)).isEmpty();
    assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
  }
}
