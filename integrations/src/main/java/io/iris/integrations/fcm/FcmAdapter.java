package io.iris.integrations.fcm;

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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Push notifications through Firebase Cloud Messaging HTTP v1 ({@code POST
 * /v1/projects/{project}/messages:send}); the recipient is the device registration token. FCM has
 * no receipts to us and no idempotency key; acceptance is delivery and the provider message id is
 * the returned message name. Sent messages cannot be listed, so {@link #reconcile} stays
 * unsupported: after a send whose outcome is unknown, the push may or may not have gone out.
 *
 * <p>Authentication is a ready OAuth2 access token ({@code iris.providers.fcm.access-token}).
 * Minting one from a service-account key, and refreshing it before it expires (an hour), is out of
 * scope here: it has to be supplied and rotated by the deployment.
 */
@Component
@EnableConfigurationProperties(FcmSettings.class)
public class FcmAdapter implements ProviderAdapter {

  static final String NAME = "fcm";

  /** FCM error codes that mean the token will never work for this project. */
  private static final Set<String> TOKEN_ERRORS = Set.of("UNREGISTERED", "SENDER_ID_MISMATCH");

  private static final Logger log = LoggerFactory.getLogger(FcmAdapter.class);

  private final FcmSettings settings;
  private final ProviderHttp http;

  public FcmAdapter(FcmSettings settings, ProviderHttp http) {
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
    return Channel.PUSH;
  }

  @Override
  public ProviderAcceptance send(OutboundMessage message) {
    String projectId = ProviderHttp.required(NAME, "project-id", settings.projectId());
    String accessToken = ProviderHttp.required(NAME, "access-token", settings.accessToken());
    String token = RecipientChecks.present(NAME, message, "device registration token");

    Map<String, Object> notification = new LinkedHashMap<>();
    String subject = ProviderHttp.orElse(message.subject(), "");
    if (!subject.isEmpty()) {
      notification.put("title", subject);
    }
    notification.put("body", ProviderHttp.orElse(message.body(), ""));
    Map<String, Object> fcmMessage = new LinkedHashMap<>();
    fcmMessage.put("token", token);
    fcmMessage.put("notification", notification);
    if (message.metadata() != null && !message.metadata().isEmpty()) {
      fcmMessage.put("data", message.metadata());
    }
    Request request =
        new Request.Builder()
            .url(
                http.baseUrl(NAME, settings.baseUrl())
                    .newBuilder()
                    .addPathSegment("v1")
                    .addPathSegment("projects")
                    .addPathSegment(projectId)
                    .addPathSegment("messages:send")
                    .build())
            .header("Authorization", "Bearer " + accessToken)
            .post(http.jsonBody(Map.of("message", fcmMessage)))
            .build();

    String about = ProviderHttp.about(message.messageId());
    ProviderResponse response = http.execute(NAME, about, request);
    if (!response.successful()) {
      throw failure(about, response, http.parse(response.body()));
    }
    JsonNode answer = http.successJson(NAME, about, response);
    String name =
        ProviderHttp.acceptedId(
            NAME, message.messageId(), response, ProviderHttp.text(answer.path("name")));
    log.info("fcm accepted message {} as {}", message.messageId(), name);
    return new ProviderAcceptance(name, settings.costPerMessage(), true);
  }

  private ProviderException failure(String about, ProviderResponse response, JsonNode answer) {
    JsonNode error = answer.path("error");
    String status = ProviderHttp.text(error.path("status"));
    String fcmCode = "";
    boolean aboutToken = false;
    for (JsonNode detail : error.path("details")) {
      fcmCode = ProviderHttp.orElse(fcmCode, ProviderHttp.text(detail.path("errorCode")));
      for (JsonNode violation : detail.path("fieldViolations")) {
        aboutToken |= "message.token".equals(ProviderHttp.text(violation.path("field")));
      }
    }
    String text = ProviderHttp.text(error.path("message"));
    aboutToken |= text.toLowerCase(Locale.ROOT).contains("registration token");
    String code = ProviderHttp.orElse(fcmCode, status);
    Kind kind;
    if (TOKEN_ERRORS.contains(fcmCode)
        || (response.status() == 400 && "INVALID_ARGUMENT".equals(code) && aboutToken)) {
      kind = Kind.INVALID_RECIPIENT;
    } else {
      kind = ProviderHttp.kindOf(response.status());
    }
    return http.failure(NAME, about, response, kind, code, text);
  }
}
