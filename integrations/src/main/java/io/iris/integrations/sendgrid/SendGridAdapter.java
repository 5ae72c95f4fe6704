package io.iris.integrations.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAcceptance;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderException;
import io.iris.integrations.spi.ProviderException.Kind;
import io.iris.integrations.spi.ProviderHttp;
import io.iris.integrations.spi.ProviderResponse;
import io.iris.integrations.spi.RecipientChecks;
import io.iris.workflows.send.Channel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Email through SendGrid Mail Send v3 ({@code POST /v3/mail/send}). Receipts arrive through the
 * signed Event Webhook, whose events carry our {@code custom_args}.
 *
 * <p>SendGrid has no idempotency key: a repeated send is a second email. Our {@code custom_args}
 * carry {@code iris_message_id} and {@code iris_idempotency_key}, so every event can be matched to
 * the attempt. Searching sent mail needs the Email Activity API, a paid add-on whose results are
 * not immediate, so {@link #reconcile} stays unsupported; the Event Webhook tells what became of
 * the message.
 */
@Component
@EnableConfigurationProperties(SendGridSettings.class)
public class SendGridAdapter implements ProviderAdapter {

  static final String NAME = "sendgrid";

  /**
   * Validation errors about the recipient name fields like {@code personalizations.0.to.0.email}.
   */
  private static final Pattern RECIPIENT_FIELD =
      Pattern.compile("^personalizations(\\.\\d+)?\\.to(\\..*)?$|^to(\\..*)?$");

  private static final Logger log = LoggerFactory.getLogger(SendGridAdapter.class);

  private final SendGridSettings settings;
  private final ProviderHttp http;

  public SendGridAdapter(SendGridSettings settings, ProviderHttp http) {
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
  public Channel channel() {
    return Channel.EMAIL;
  }

  @Override
  public ProviderAcceptance send(OutboundMessage message) {
    String apiKey = ProviderHttp.required(NAME, "api-key", settings.apiKey());
    String from =
        ProviderHttp.required(NAME, "from", ProviderHttp.orElse(message.from(), settings.from()));
    String to = RecipientChecks.email(NAME, message);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("personalizations", List.of(Map.of("to", List.of(Map.of("email", to)))));
    body.put("from", Map.of("email", from));
    body.put("subject", ProviderHttp.orElse(message.subject(), ""));
    body.put(
        "content",
        List.of(Map.of("type", "text/plain", "value", ProviderHttp.orElse(message.body(), ""))));
    body.put(
        "custom_args",
        Map.of(
            "iris_message_id", message.messageId().toString(),
            "iris_idempotency_key", message.idempotencyKey()));
    Request request =
        new Request.Builder()
            .url(
                http.baseUrl(NAME, settings.baseUrl())
                    .newBuilder()
                    .addPathSegments("v3/mail/send")
                    .build())
            .header("Authorization", "Bearer " + apiKey)
            .post(http.jsonBody(body))
            .build();

    String about = ProviderHttp.about(message.messageId());
    ProviderResponse response = http.execute(NAME, about, request);
    if (!response.successful()) {
      throw failure(about, response, http.parse(response.body()));
    }
    String id = response.header("X-Message-Id");
    if (id.isBlank()) {
      // Accepted (202) all the same; events still find the message through custom_args.
      log.warn("sendgrid accepted message {} without X-Message-Id", message.messageId());
      id = message.idempotencyKey();
    }
    log.info("sendgrid accepted message {} as {}", message.messageId(), id);
    return new ProviderAcceptance(id, settings.costPerMessage(), false);
  }

  private ProviderException failure(String about, ProviderResponse response, JsonNode answer) {
    boolean recipient = false;
    StringBuilder detail = new StringBuilder();
    for (JsonNode error : answer.path("errors")) {
      String field = ProviderHttp.text(error.path("field"));
      recipient |= RECIPIENT_FIELD.matcher(field).matches();
      if (!detail.isEmpty()) {
        detail.append("; ");
      }
      detail
          .append(field.isEmpty() ? "" : field + ": ")
          .append(ProviderHttp.text(error.path("message")));
    }
    Kind kind =
        response.status() == 400 && recipient
            ? Kind.INVALID_RECIPIENT
            : ProviderHttp.kindOf(response.status());
    return http.failure(NAME, about, response, kind, "", detail.toString());
  }
}
