package io.iris.api.send.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.api.webhook.RecentIds;
import java.util.List;
import java.util.Map;
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

  @Test
  void givenAFormBody_whenParsed_itShouldDecodeAndKeepRepeatedFields() {
    Map<String, List<String>> fields =
        WebhookRequests.formFields("Body=Hello+there%21&To=%2B15551234567&Tag=a&Tag=b&Empty=");

    assertThat(fields)
        .containsEntry("Body", List.of("Hello there!"))
        .containsEntry("To", List.of("+15551234567"))
        .containsEntry("Tag", List.of("a", "b"))
        .containsEntry("Empty", List.of(""));
  }

  @Test
  void givenTheDocumentedExample_whenSigned_itShouldMatchTwilio() {
    // The example of Twilio's webhook-security documentation, with its published signature.
    Map<String, List<String>> params =
        Map.of(
            "CallSid", List.of("CA1234567890ABCDE"),
            "Caller", List.of("+12349013030"),
            "Digits", List.of("1234"),
            "From", List.of("+12349013030"),
            "To", List.of("+18005551212"));

    assertThat(
            TwilioSignature.compute("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params))
        .isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  }

  @Test
  void givenSendGridMessageIds_whenReduced_itShouldGiveTheXMessageId() {
    assertThat(SendGridEventWebhook.xMessageId("abc123.filterdrecv-1.0")).isEqualTo("abc123");
    assertThat(SendGridEventWebhook.xMessageId("abc123")).isEqualTo("abc123");
  }
}
