package io.iris.api.send.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.api.webhook.RecentIds;
import org.junit.jupiter.api.Test;

/** The small pieces the webhooks are built from. */
class ReceiptPartsTest {

  @Test
  void givenMoreEventsThanTheCapacity_whenRemembered_theOldestShouldBeForgotten() {
    RecentIds recent = new RecentIds(2);
    recent.remember("a");
    recent.remember("b");
    recent.remember("c");

    assertThat(recent.contains("a")).isFalse();
    assertThat(recent.contains("b")).isTrue();
    assertThat(recent.contains("c")).isTrue();
  }

  @Test
  void givenUrlsWithAndWithoutTheirDefaultPort_whenSpelled_bothSpellingsShouldBeTried() {
    assertThat(PublicUrl.spellings("https://iris.example.com/webhooks/twilio/status?messageId=1"))
        .containsExactly(
            "https://iris.example.com/webhooks/twilio/status?messageId=1",
            "https://iris.example.com:443/webhooks/twilio/status?messageId=1");
    assertThat(PublicUrl.spellings("https://iris.example.com:443/x"))
        .containsExactly("https://iris.example.com:443/x", "https://iris.example.com/x");
    assertThat(PublicUrl.spellings("http://localhost:8080/x"))
        .containsExactly("http://localhost:8080/x");
  }
}
