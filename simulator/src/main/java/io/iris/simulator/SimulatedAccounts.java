package io.iris.simulator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The credentials the simulated providers expect: the same {@code iris.providers.*} settings the
 * adapters authenticate with (application-dev.yml gives them fake values that open nothing but the
 * simulator). A provider whose credential is not configured accepts any non-empty one.
 */
@ConfigurationProperties("iris.providers")
public record SimulatedAccounts(
    @DefaultValue Twilio twilio,
    @DefaultValue ApiKey telnyx,
    @DefaultValue Plivo plivo,
    @DefaultValue ApiKey sendgrid,
    @DefaultValue Postmark postmark,
    @DefaultValue Slack slack,
    @DefaultValue Webhook webhook,
    @DefaultValue Fcm fcm) {

  public record Twilio(String accountSid, String authToken) {}

  public record ApiKey(String apiKey) {}

  public record Plivo(String authId, String authToken) {}

  public record Postmark(String serverToken) {}

  public record Slack(String botToken) {}

  public record Webhook(String signingSecret) {}

  public record Fcm(String accessToken) {}
}
