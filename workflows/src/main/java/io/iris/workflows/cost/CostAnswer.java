package io.iris.workflows.cost;

/**
 * An operator's answer to an opportunity under review (REST or a Slack button).
 *
 * @param by who answered (an API key's name or a Slack user)
 * @param note why, or ""
 */
public record CostAnswer(String by, String note) {
  public CostAnswer {
    by = by == null || by.isBlank() ? "unknown" : by;
    note = note == null ? "" : note;
  }
}
