package io.iris.workflows.send;

import java.util.Locale;

/**
 * Where a message is. Statuses only move forward ({@link #rank}); the final ones end the send.
 * Receipts that arrive late or out of order can therefore never move a message back.
 */
public enum MessageStatus {
  ACCEPTED(0, false),
  SENDING(1, false),
  SENT(2, false),
  DELIVERED(3, true),
  UNDELIVERED(3, true),
  FAILED(3, true),
  SUPPRESSED(3, true),
  EXPIRED(3, true),
  CANCELLED(3, true);

  private final int rank;
  private final boolean finalStatus;

  MessageStatus(int rank, boolean finalStatus) {
    this.rank = rank;
    this.finalStatus = finalStatus;
  }

  public boolean isFinal() {
    return finalStatus;
  }

  /** True when moving from this status to {@code next} is progress. */
  public boolean canMoveTo(MessageStatus next) {
    return !finalStatus && next.rank > rank;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MessageStatus fromWire(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
