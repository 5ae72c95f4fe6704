package io.iris.integrations.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.workflows.send.Channel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.springframework.mock.env.MockEnvironment;

/** Settings, clients and messages for the adapter contract tests. */
public final class ProviderFixtures {

  public static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  /** Every base URL points at this process's port, which the tests set to the fake server's. */
  public static final String LOCAL_BASE = "http://localhost:{local-port}";

  /** A whole exchange gives up after this, however slowly the answer drips in. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

  public static final UUID MESSAGE_ID = UUID.fromString("0b4f6c2e-9d1a-4e55-8f3c-2a7d9e1b5c40");
  public static final String IDEMPOTENCY_KEY = MESSAGE_ID + "-1";

  private ProviderFixtures() {}

  /** The adapters' HTTP side, resolving {@code {local-port}} from the given environment. */
  public static ProviderHttp http(MockEnvironment environment, Duration readTimeout) {
    ProviderHttpSettings timeouts =
        new ProviderHttpSettings(Duration.ofSeconds(1), readTimeout, CALL_TIMEOUT);
    return new ProviderHttp(
        ProviderHttpConfiguration.client(timeouts),
        new ObjectMapper(),
        new SelfUrls(environment),
        CLOCK);
  }

  public static StatusCallbacks callbacks(MockEnvironment environment) {
    return new StatusCallbacks(new PublicBaseUrlSettings(LOCAL_BASE), new SelfUrls(environment));
  }

  public static OutboundMessage message(Channel channel, String to) {
    return message(channel, to, "");
  }

  public static OutboundMessage message(Channel channel, String to, String from) {
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
}
