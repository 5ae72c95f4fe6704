package io.iris.integrations.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class StatusCallbacksTest {

  private static final UUID ID = UUID.fromString("00000000-0000-4000-8000-000000000001");

  private final MockEnvironment environment = new MockEnvironment();

  private StatusCallbacks callbacks(String publicBaseUrl) {
    return new StatusCallbacks(new PublicBaseUrlSettings(publicBaseUrl), new SelfUrls(environment));
  }

  @Test
  void givenAPublicBaseWithAPathPrefix_whenBuildingACallback_itShouldKeepThePrefix() {
    assertThat(
            callbacks("https://iris.example.com/edge/")
                .forMessage("twilio", "/webhooks/twilio/status", ID))
        .isEqualTo("https://iris.example.com/edge/webhooks/twilio/status?messageId=" + ID);
    assertThat(callbacks("https://iris.example.com").forMessage("telnyx", "/webhooks/telnyx", ID))
        .isEqualTo("https://iris.example.com/webhooks/telnyx?messageId=" + ID);
  }

  @Test
  void givenTheLocalPortToken_whenBuildingCallbacks_itShouldUseThePortKnownAtCallTime() {
    StatusCallbacks callbacks = callbacks("http://localhost:{local-port}");
    environment.setProperty("local.server.port", "41001");
    String first = callbacks.forMessage("twilio", "/webhooks/twilio/status", ID);
    environment.setProperty("local.server.port", "41002");
    String second = callbacks.forMessage("twilio", "/webhooks/twilio/status", ID);

    assertThat(first).startsWith("http://localhost:41001/");
    assertThat(second).startsWith("http://localhost:41002/");
  }

  @Test
  void givenABrokenPublicBase_whenBuildingACallback_itShouldRejectTheSendNamingTheSetting() {
    ProviderException failure =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                callbacks("iris.example.com").forMessage("twilio", "/webhooks/twilio/status", ID));

    assertThat(failure.kind()).isEqualTo(ProviderException.Kind.REJECTED);
    assertThat(failure.getMessage()).contains("iris.public-base-url");
  }
}
