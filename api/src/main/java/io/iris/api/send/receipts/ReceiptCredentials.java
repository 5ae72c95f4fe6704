package io.iris.api.send.receipts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The provider settings the receipt webhooks verify signatures with (the same {@code
 * iris.providers.*} keys the adapters read; only the ones needed here are bound).
 */
@ConfigurationProperties("iris.providers")
public record ReceiptCredentials(
    @DefaultValue Twilio twilio, @DefaultValue Telnyx telnyx, @DefaultValue Sendgrid sendgrid) {

  /**
   * @param authToken the account's auth token: Twilio signs its callbacks with it
   */
  public record Twilio(String authToken) {}

  /**
   * @param webhookPublicKey base64 of the raw 32-byte Ed25519 key shown in the Telnyx portal
   */
  public record Telnyx(String webhookPublicKey) {}

  /**
   * @param webhookPublicKey base64 of the X.509 (DER) P-256 key shown in the SendGrid settings
   */
  public record Sendgrid(String webhookPublicKey) {}
}
