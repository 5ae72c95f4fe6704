package io.iris.integrations.webhook;

import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderException;
import io.iris.integrations.spi.ProviderException.Kind;
import io.iris.integrations.spi.ProviderHttp;
import io.iris.integrations.spi.ProviderResponse;
import io.iris.integrations.spi.RecipientChecks;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.Recipients;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Signed JSON to a tenant's HTTPS endpoint: the recipient is the target URL. The body is {@code
 * {id, tenantId, subject, body, metadata, sentAt}}; headers {@code X-Iris-Message-Id}, {@code
 * Idempotency-Key} (for the receiver to drop repeats) and the {@link WebhookSignature} pair.
 *
 * <p>Our webhook contract asks receivers to drop a repeated {@code Idempotency-Key}, so a send
 * whose outcome is unknown is simply sent again with it ({@link #dropsRepeatedSends()}): at least
 * once to the receiver, once in effect where it keeps the contract. There is nothing to ask
 * afterwards.
 *
 * <p>Unless {@code allow-private-addresses} is set, only https URLs whose host resolves to public
 * addresses are called, and the call goes to exactly the addresses that were checked (no second DNS
 * answer, no redirects), so a recipient cannot aim us at our own network. A recipient URL may carry
 * {@code {local-port}} (a local simulator), resolved at call time.
 */
@Component
@EnableConfigurationProperties(WebhookSettings.class)
public class WebhookAdapter implements ProviderAdapter {

  static final String NAME = "webhook";

  private static final Logger log = LoggerFactory.getLogger(WebhookAdapter.class);

  private final WebhookSettings settings;
  private final ProviderHttp http;

  public WebhookAdapter(WebhookSettings settings, ProviderHttp http) {
    this.settings = settings;
    this.http = http;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean enabled() {
    return settings.enabled();
  }

  @Override
  public Optional<String> recipientProblem(String to) {
    return Recipients.problem(
        channel(),
        to == null ? "" : http.selfUrls().resolve(to.trim()),
        new Recipients.Rules(List.of(), settings.allowPrivateAddresses()));
  }

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
  }

  @Override
  public boolean dropsRepeatedSends() {
    return true;
  }

  @Override
  public ProviderAcceptance send(OutboundMessage message) {
    String secret = ProviderHttp.required(NAME, "signing-secret", settings.signingSecret());
    String about = ProviderHttp.about(message.messageId());
    HttpUrl url = targetUrl(message);
    OkHttpClient client = settings.allowPrivateAddresses() ? http.client() : pinned(message, url);

    Instant now = http.clock().instant();
    long timestamp = now.getEpochSecond();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", message.messageId().toString());
    payload.put("tenantId", ProviderHttp.orElse(message.tenantId(), ""));
    payload.put("subject", ProviderHttp.orElse(message.subject(), ""));
    payload.put("body", ProviderHttp.orElse(message.body(), ""));
    payload.put("metadata", message.metadata() == null ? Map.of() : message.metadata());
    payload.put("sentAt", now.toString());
    byte[] rawBody = bytes(payload);

    Request request =
        new Request.Builder()
            .url(url)
            .header("X-Iris-Message-Id", message.messageId().toString())
            .header("Idempotency-Key", message.idempotencyKey())
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(
                WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.sign(secret, timestamp, rawBody))
            .post(RequestBody.create(rawBody, ProviderHttp.JSON))
            .build();
    ProviderResponse response = http.execute(NAME, about, client, request);
    if (!response.successful()) {
      Kind kind =
          response.status() == 404 || response.status() == 410
              ? Kind.INVALID_RECIPIENT
              : ProviderHttp.kindOf(response.status());
      throw http.failure(NAME, about, response, kind, "", "");
    }
    log.info("webhook accepted message {} ({})", message.messageId(), response.status());
    return new ProviderAcceptance(message.idempotencyKey(), settings.costPerMessage(), true);
  }

  private byte[] bytes(Map<String, Object> payload) {
    try {
      return http.json().writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("webhook payload cannot be written as JSON", e);
    }
  }

  private HttpUrl targetUrl(OutboundMessage message) {
    String to = RecipientChecks.present(NAME, message, "webhook URL");
    String resolved = http.selfUrls().resolve(to);
    return RecipientChecks.url(
        NAME,
        message,
        resolved,
        Recipients.webhookUrlProblem(resolved, settings.allowPrivateAddresses()));
  }

  /** A client that reaches the URL's host only at addresses checked to be public. */
  private OkHttpClient pinned(OutboundMessage message, HttpUrl url) {
    List<InetAddress> addresses;
    try {
      addresses = List.of(InetAddress.getAllByName(url.host()));
    } catch (UnknownHostException e) {
      // Could be a passing DNS failure as well as a dead domain: retry rather than give up.
      throw new ProviderException(
          Kind.UNAVAILABLE,
          NAME,
          0,
          "",
          "the webhook host of " + ProviderHttp.about(message.messageId()) + " does not resolve",
          null,
          e);
    }
    if (addresses.isEmpty() || addresses.stream().anyMatch(Recipients::isPrivate)) {
      throw RecipientChecks.invalid(
          NAME, message, "the webhook host resolves to a private, loopback or link-local address");
    }
    String host = url.host();
    return http.client()
        .newBuilder()
        .dns(
            name -> {
              if (!name.equalsIgnoreCase(host)) {
                throw new UnknownHostException("only the checked webhook host may be called");
              }
              return addresses;
            })
        .build();
  }
}
