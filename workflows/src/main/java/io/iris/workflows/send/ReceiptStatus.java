package io.iris.workflows.send;

/** What a provider's status callback says happened to a message. */
public enum ReceiptStatus {
  /** Handed on by the provider (e.g. Twilio "sent"); not final. */
  SENT,
  DELIVERED,
  /** The carrier or mailbox could not deliver it (e.g. Twilio "undelivered", a soft bounce). */
  UNDELIVERED,
  FAILED,
  /** A hard bounce: the address does not exist; the recipient is suppressed. */
  BOUNCED,
  /** The recipient marked it as spam; the recipient is suppressed. */
  COMPLAINED
}
