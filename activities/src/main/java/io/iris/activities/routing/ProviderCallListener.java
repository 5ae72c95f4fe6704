package io.iris.activities.routing;

/**
 * Told of every provider call as it ends (the health recorder fans calls out to these; the breaker
 * is one). Called on the sending thread: an implementation must not block, do I/O or throw, so the
 * send path never waits for it.
 */
public interface ProviderCallListener {

  /** One call ended. */
  void onCall(ProviderCall call);
}
