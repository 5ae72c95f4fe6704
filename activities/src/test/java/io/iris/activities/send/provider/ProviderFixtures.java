package io.iris.activities.send.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.activities.platform.SelfUrls;
import io.iris.workflows.send.Channel;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.mock.env.MockEnvironment;

/** Settings, clients and messages for the adapter contract tests. */
final class ProviderFixtures {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** Every base URL points at this process's port, which the tests set to the fake server's. */
  static final String LOCAL_BASE = "http://localhost:{local-port}";

  /** A whole exchange gives up after this, however slowly the answer drips in. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

  static final UUID MESSAGE_ID = UUID.fromString("0b4f6c2e-9d1a-4e55-8f3c-2a7d9e1b5c40");
  static final String IDEMPOTENCY_KEY = MESSAGE_ID + "-1";

  private ProviderFixtures() {}

  /** Settings for every provider against the local fake server; pass records to replace some. */
  static ProviderSettings settings(Object... replacements) {
    List<Object> r = Arrays.asList(replacements);
    return new ProviderSettings(
        Duration.ofSeconds(1),
        Duration.ofMillis(750),
        CALL_TIMEOUT,
        pick(r, ProviderSettings.Twilio.class, twilio()),
        pick(r, ProviderSettings.Telnyx.class, telnyx()),
        pick(r, ProviderSettings.Plivo.class, plivo()),
        pick(r, ProviderSettings.SendGrid.class, sendgrid()),
        pick(r, ProviderSettings.Postmark.class, postmark()),
        pick(r, ProviderSettings.Slack.class, slack()),
        pick(r, ProviderSettings.Teams.class, teams()),
        pick(r, ProviderSettings.Webhook.class, webhook()),
        pick(r, ProviderSettings.Fcm.class, fcm()));
  }

  static ProviderSettings.Twilio twilio() {
    return new ProviderSettings.Twilio(
        true, LOCAL_BASE, new BigDecimal("0.0079"), "AC0001", "twilio-secret", "+15550001111");
  }

  static ProviderSettings.Telnyx telnyx() {
    return new ProviderSettings.Telnyx(
        true, LOCAL_BASE, new BigDecimal("0.004"), "KEY-telnyx-secret", "+15550002222");
  }

  static ProviderSettings.Plivo plivo() {
    return new ProviderSettings.Plivo(
        true, LOCAL_BASE, new BigDecimal("0.0050"), "MA0001", "plivo-secret", "+15550003333");
  }

  static ProviderSettings.SendGrid sendgrid() {
    return new ProviderSettings.SendGrid(
        true, LOCAL_BASE, new BigDecimal("0.00095"), "SG.sendgrid-secret", "alerts@iris.example");
  }

  static ProviderSettings.Postmark postmark() {
    return new ProviderSettings.Postmark(
        true, LOCAL_BASE, new BigDecimal("0.0012"), "postmark-secret", "alerts@iris.example");
  }

  static ProviderSettings.Slack slack() {
    return new ProviderSettings.Slack(
        true, LOCAL_BASE + "/api/", BigDecimal.ZERO, "xoxb-slack-secret");
  }

  static ProviderSettings.Teams teams() {
    return new ProviderSettings.Teams(
        true, BigDecimal.ZERO, List.of("webhook.office.com", "logic.azure.com", "localhost"));
  }

  static ProviderSettings.Webhook webhook() {
    return new ProviderSettings.Webhook(true, BigDecimal.ZERO, "webhook-signing-secret", true);
  }

  static ProviderSettings.Fcm fcm() {
    return new ProviderSettings.Fcm(
        true, LOCAL_BASE, BigDecimal.ZERO, "iris-demo", "ya29.fcm-secret");
  }

  /** The adapters' HTTP side, resolving {@code {local-port}} from the given environment. */
  static ProviderHttp http(MockEnvironment environment, Duration readTimeout) {
    ProviderSettings timeouts =
        new ProviderSettings(
            Duration.ofSeconds(1),
            readTimeout,
            CALL_TIMEOUT,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    return new ProviderHttp(
        ProviderHttpConfiguration.client(timeouts),
        new ObjectMapper(),
        new SelfUrls(environment),
        CLOCK);
  }

  static StatusCallbacks callbacks(MockEnvironment environment) {
    return new StatusCallbacks(new PublicBaseUrlSettings(LOCAL_BASE), new SelfUrls(environment));
  }

  static OutboundMessage message(Channel channel, String to) {
    return message(channel, to, "");
  }

  static OutboundMessage message(Channel channel, String to, String from) {
    return new OutboundMessage(
        MESSAGE_ID,
        "tenant-7",
        channel,
        to,
        from,
        "Disk almost full",
        "db-1 is at 91% disk",
        Map.of("incident", "INC-42"),
        IDEMPOTENCY_KEY);
  }

  private static <T> T pick(List<Object> replacements, Class<T> type, T otherwise) {
    return replacements.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElse(otherwise);
  }
}
