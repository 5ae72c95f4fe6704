package io.iris.integrations.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

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
}
