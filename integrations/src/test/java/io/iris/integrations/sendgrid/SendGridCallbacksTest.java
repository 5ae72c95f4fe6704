package io.iris.integrations.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendGridCallbacksTest {

  @Test
  void givenSendGridMessageIds_whenReduced_itShouldGiveTheXMessageId() {
    assertThat(SendGridCallbacks.xMessageId("abc123.filterdrecv-1.0")).isEqualTo("abc123");
    assertThat(SendGridCallbacks.xMessageId("abc123")).isEqualTo("abc123");
  }
}
