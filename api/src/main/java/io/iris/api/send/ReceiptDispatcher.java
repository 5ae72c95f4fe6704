package io.iris.api.send;

import io.iris.workflows.send.DeliveryReceipt;
import java.util.UUID;

/**
 * Hands a verified provider receipt to the send it belongs to. Duplicates and out-of-order receipts
 * are harmless: the send only moves its status forward.
 */
public interface ReceiptDispatcher {

  /** What became of a receipt. */
  enum Outcome {
    /** Signalled to the running send. */
    SIGNALLED,
    /**
     * Not final (e.g. "sent"): nothing the send waits for, so no signal is spent on it (each signal
     * costs the send a workflow task).
     */
    NOT_FINAL,
    /** The send had already finished; the receipt was recorded (and acted on, e.g. a complaint). */
    RECORDED_AFTER_COMPLETION,
    /** No message with that id. */
    UNKNOWN_MESSAGE
  }

  Outcome dispatch(UUID messageId, DeliveryReceipt receipt);
}
