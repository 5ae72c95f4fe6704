package io.iris.activities.send.provider;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Provider endpoints, credentials and prices ({@code iris.providers.*}; defaults written once in
 * {@code iris-providers.yml}). Base URLs may contain {@code {local-port}}; adapters resolve them
 * through {@link io.iris.activities.platform.SelfUrls} at call time.
 *
 * <p>Empty credentials are normal: the provider is simply not configured, and its adapter refuses
 * to send with {@link ProviderException.Kind#UNAUTHORIZED}, naming the missing setting. A provider
 * with no settings at all (the yml not imported) is disabled.
 *
 * @param connectTimeout how long to wait for a TCP/TLS connection ({@code
 *     IRIS_PROVIDER_CONNECT_TIMEOUT})
 * @param readTimeout how long to wait for bytes of an answer, and to write the request ({@code
 *     IRIS_PROVIDER_READ_TIMEOUT})
 * @param callTimeout the longest one whole exchange may take, connecting and reading the answer
 *     included ({@code IRIS_PROVIDER_CALL_TIMEOUT}). Kept below the send activity's own timeout
 *     ({@code IRIS_SEND_PROVIDER_CALL_TIMEOUT}): a call must give up, and report that the provider
 *     may have the message, before Temporal times the activity out and runs it again.
 */
@ConfigurationProperties("iris.providers")
public record ProviderSettings(
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    Twilio twilio,
    Telnyx telnyx,
    Plivo plivo,
    SendGrid sendgrid,
    Postmark postmark,
    Slack slack,
    Teams teams,
    Webhook webhook,
    Fcm fcm) {

  public ProviderSettings {
    twilio = twilio != null ? twilio : new Twilio(false, "", null, "", "", "");
    telnyx = telnyx != null ? telnyx : new Telnyx(false, "", null, "", "");
    plivo = plivo != null ? plivo : new Plivo(false, "", null, "", "", "");
    sendgrid = sendgrid != null ? sendgrid : new SendGrid(false, "", null, "", "");
    postmark = postmark != null ? postmark : new Postmark(false, "", null, "", "");
    slack = slack != null ? slack : new Slack(false, "", null, "");
    teams = teams != null ? teams : new Teams(false, null, List.of());
    webhook = webhook != null ? webhook : new Webhook(false, null, "", false);
    fcm = fcm != null ? fcm : new Fcm(false, "", null, "", "");
  }

  /** What every provider has. */
  public interface Provider {
    boolean enabled();

    /** USD per message, used when the provider's answer does not say. */
    BigDecimal costPerMessage();
  }

  /** Every provider's common settings by provider name. */
  public Map<String, Provider> byName() {
    return Map.of(
        "twilio", twilio,
        "telnyx", telnyx,
        "plivo", plivo,
        "sendgrid", sendgrid,
        "postmark", postmark,
        "slack", slack,
        "teams", teams,
        "webhook", webhook,
        "fcm", fcm);
  }

  /** Twilio Programmable Messaging. */
  public record Twilio(
      boolean enabled,
      String baseUrl,
      BigDecimal costPerMessage,
      String accountSid,
      String authToken,
      String from)
      implements Provider {
    public Twilio {
      baseUrl = orEmpty(baseUrl);
      costPerMessage = orZero(costPerMessage);
      accountSid = orEmpty(accountSid);
      authToken = orEmpty(authToken);
      from = orEmpty(from);
    }

    @Override
    public String toString() {
      return "Twilio[enabled="
          + enabled
          + ", baseUrl="
          + baseUrl
          + ", accountSid="
          + accountSid
          + "]";
    }
  }

  /** Telnyx Messaging API v2. */
  public record Telnyx(
      boolean enabled, String baseUrl, BigDecimal costPerMessage, String apiKey, String from)
      implements Provider {
    public Telnyx {
      baseUrl = orEmpty(baseUrl);
      costPerMessage = orZero(costPerMessage);
      apiKey = orEmpty(apiKey);
      from = orEmpty(from);
    }

    @Override
    public String toString() {
      return "Telnyx[enabled=" + enabled + ", baseUrl=" + baseUrl + "]";
    }
  }

  /** Plivo Message API. */
  public record Plivo(
      boolean enabled,
      String baseUrl,
      BigDecimal costPerMessage,
      String authId,
      String authToken,
      String from)
      implements Provider {
    public Plivo {
      baseUrl = orEmpty(baseUrl);
      costPerMessage = orZero(costPerMessage);
      authId = orEmpty(authId);
      authToken = orEmpty(authToken);
      from = orEmpty(from);
    }

    @Override
    public String toString() {
      return "Plivo[enabled=" + enabled + ", baseUrl=" + baseUrl + ", authId=" + authId + "]";
    }
  }

  /** SendGrid Mail Send v3. */
  public record SendGrid(
      boolean enabled, String baseUrl, BigDecimal costPerMessage, String apiKey, String from)
      implements Provider {
    public SendGrid {
      baseUrl = orEmpty(baseUrl);
      costPerMessage = orZero(costPerMessage);
      apiKey = orEmpty(apiKey);
      from = orEmpty(from);
    }

    @Override
    public String toString() {
      return "SendGrid[enabled=" + enabled + ", baseUrl=" + baseUrl + "]";
    }
  }

  /** Postmark Email API. */
  public record Postmark(
      boolean enabled, String baseUrl, BigDecimal costPerMessage, String serverToken, String from)
      implements Provider {
    public Postmark {
      baseUrl = orEmpty(baseUrl);
      costPerMessage = orZero(costPerMessage);
      serverToken = orEmpty(serverToken);
      from = orEmpty(from);
    }

    @Override
    public String toString() {
      return "Postmark[enabled=" + enabled + ", baseUrl=" + baseUrl + "]";
    }
  }

  /**
   * Slack Web API.
   *
   * @param baseUrl the methods endpoint prefix, with its trailing slash ({@code
   *     IRIS_SLACK_API_URL})
   */
  public record Slack(boolean enabled, String baseUrl, BigDecimal costPerMessage, String botToken)
      implements Provider {
    public Slack {
      baseUrl = orEmpty(baseUrl);
      costPerMessage = orZero(costPerMessage);
      botToken = orEmpty(botToken);
    }

    @Override
    public String toString() {
      return "Slack[enabled=" + enabled + ", baseUrl=" + baseUrl + "]";
    }
  }

  /**
   * Microsoft Teams incoming webhooks. The recipient is the webhook URL itself.
   *
   * @param allowedHosts host suffixes a webhook URL may have ({@code webhook.office.com} matches
   *     {@code contoso.webhook.office.com}); list {@code localhost} to allow local simulators
   */
  public record Teams(boolean enabled, BigDecimal costPerMessage, List<String> allowedHosts)
      implements Provider {
    public Teams {
      costPerMessage = orZero(costPerMessage);
      allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }
  }

  /**
   * Generic signed HTTPS webhooks. The recipient is the target URL itself.
   *
   * @param signingSecret the HMAC key of {@code X-Iris-Signature} ({@code
   *     IRIS_WEBHOOK_SIGNING_SECRET})
   * @param allowPrivateAddresses allow plain http and targets on loopback, site-local and
   *     link-local addresses (development and tests only)
   */
  public record Webhook(
      boolean enabled,
      BigDecimal costPerMessage,
      String signingSecret,
      boolean allowPrivateAddresses)
      implements Provider {
    public Webhook {
      costPerMessage = orZero(costPerMessage);
      signingSecret = orEmpty(signingSecret);
    }

    @Override
    public String toString() {
      return "Webhook[enabled="
          + enabled
          + ", allowPrivateAddresses="
          + allowPrivateAddresses
          + "]";
    }
  }

  /**
   * Firebase Cloud Messaging HTTP v1.
   *
   * @param accessToken a ready OAuth2 bearer token with the {@code firebase.messaging} scope.
   *     Minting it from a service-account key (and refreshing it hourly) is not done here: deploy
   *     with a token supplied by the platform, e.g. a sidecar that refreshes it.
   */
  public record Fcm(
      boolean enabled,
      String baseUrl,
      BigDecimal costPerMessage,
      String projectId,
      String accessToken)
      implements Provider {
    public Fcm {
      baseUrl = orEmpty(baseUrl);
      costPerMessage = orZero(costPerMessage);
      projectId = orEmpty(projectId);
      accessToken = orEmpty(accessToken);
    }

    @Override
    public String toString() {
      return "Fcm[enabled=" + enabled + ", baseUrl=" + baseUrl + ", projectId=" + projectId + "]";
    }
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value.trim();
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
