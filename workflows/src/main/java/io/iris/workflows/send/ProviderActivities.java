package io.iris.workflows.send;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Calls to the providers' APIs. Each is idempotent through the request's idempotency key. */
@ActivityInterface
public interface ProviderActivities {

  /**
   * Hands the message to the provider. Fails with an {@code ApplicationFailure} whose type is one
   * of {@link SendFailures}; rate limits carry the provider's Retry-After as the next retry delay.
   */
  @ActivityMethod
  ProviderSendResult sendViaProvider(ProviderSendRequest request);

  /** Asks the provider whether it has the message, after an ambiguous failure. */
  @ActivityMethod
  ReconcileResult reconcileWithProvider(ProviderSendRequest request);

  /** Asks the provider for a message's delivery status when no receipt came. */
  @ActivityMethod
  DeliveryCheck checkDelivery(String provider, String providerMessageId);
}
