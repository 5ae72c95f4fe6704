package io.iris.integrations.teams;

import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderException.Kind;
import io.iris.integrations.spi.ProviderHttp;
import io.iris.integrations.spi.ProviderResponse;
import io.iris.integrations.spi.RecipientChecks;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.Recipients;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Microsoft Teams through an incoming webhook: the recipient is the webhook URL, which gets a
 * MessageCard. Only URLs on {@code iris.providers.teams.allowed-hosts} are called, so a recipient
 * cannot turn this adapter into a request to anywhere. Teams has no receipts and no idempotency
 * key; the provider message id is our idempotency key. An incoming webhook can only post, so {@link
 * #reconcile} stays unsupported.
 *
 * <p>A recipient URL may carry {@code {local-port}} (a local simulator's webhook); it is resolved
 * like configured URLs, at call time. Plain http is accepted only for such a local host, and only
 * when {@code localhost} is on the allowed hosts.
 */
@Component
@EnableConfigurationProperties(TeamsSettings.class)
public class TeamsAdapter implements ProviderAdapter {

  static final String NAME = "teams";

  private static final int MAX_SUMMARY_CHARS = 80;

  private static final Logger log = LoggerFactory.getLogger(TeamsAdapter.class);

  private final TeamsSettings settings;
  private final ProviderHttp http;

  public TeamsAdapter(TeamsSettings settings, ProviderHttp http) {
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
        new Recipients.Rules(settings.allowedHosts(), false));
  }

  @Override
  public Channel channel() {
    return Channel.TEAMS;
  }

  @Override
  public ProviderAcceptance send(OutboundMessage message) {
    HttpUrl url = webhookUrl(message);
    String subject = ProviderHttp.orElse(message.subject(), "");
    String body = ProviderHttp.orElse(message.body(), "");

    Map<String, Object> card = new LinkedHashMap<>();
    card.put("@type", "MessageCard");
    card.put("@context", "https://schema.org/extensions");
    card.put("summary", summary(subject, body));
    if (!subject.isEmpty()) {
      card.put("title", subject);
    }
    card.put("text", body);
    Request request = new Request.Builder().url(url).post(http.jsonBody(card)).build();

    String about = ProviderHttp.about(message.messageId());
    ProviderResponse response = http.execute(NAME, about, request);
    if (!response.successful()) {
      Kind kind =
          response.status() == 400 || response.status() == 404
              ? Kind.INVALID_RECIPIENT
              : ProviderHttp.kindOf(response.status());
      throw http.failure(NAME, about, response, kind, "", "");
    }
    // Legacy connectors report a throttled or failed delivery inside a 200.
    String answer = response.body();
    if (answer.startsWith("Webhook message delivery failed")) {
      Kind kind = answer.contains("429") ? Kind.RATE_LIMITED : Kind.UNAVAILABLE;
      throw http.failure(NAME, about, response, kind, "", answer);
    }
    log.info("teams accepted message {}", message.messageId());
    return new ProviderAcceptance(message.idempotencyKey(), settings.costPerMessage(), true);
  }

  private HttpUrl webhookUrl(OutboundMessage message) {
    String to = RecipientChecks.present(NAME, message, "Teams webhook URL");
    String resolved = http.selfUrls().resolve(to);
    return RecipientChecks.url(
        NAME, message, resolved, Recipients.teamsUrlProblem(resolved, settings.allowedHosts()));
  }

  private static String summary(String subject, String body) {
    String summary = subject.isEmpty() ? body : subject;
    return summary.length() > MAX_SUMMARY_CHARS
        ? summary.substring(0, MAX_SUMMARY_CHARS) + "…"
        : summary;
  }
}
