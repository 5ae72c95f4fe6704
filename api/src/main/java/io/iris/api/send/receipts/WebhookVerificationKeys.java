package io.iris.api.send.receipts;

import java.security.PublicKey;
import java.util.Optional;

/**
 * The public keys that providers' webhook signatures are checked against. Empty when a provider's
 * key is not configured: its callbacks are then refused.
 */
public interface WebhookVerificationKeys {

  /** Telnyx's Ed25519 key. */
  Optional<PublicKey> telnyx();

  /** SendGrid's ECDSA P-256 key for the signed Event Webhook. */
  Optional<PublicKey> sendgrid();
}
