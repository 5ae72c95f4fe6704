package io.iris.integrations.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackFieldsTest {

  @Test
  void givenAFormBody_whenParsed_itShouldDecodeAndKeepRepeatedFields() {
    Map<String, List<String>> fields =
        CallbackFields.formFields("Body=Hello+there%21&To=%2B15551234567&Tag=a&Tag=b&Empty=");

    assertThat(fields)
        .containsEntry("Body", List.of("Hello there!"))
        .containsEntry("To", List.of("+15551234567"))
        .containsEntry("Tag", List.of("a", "b"))
        .containsEntry("Empty", List.of(""));
  }
}
