package io.iris.activities.remediation;

/**
 * One problem in a runbook file, where it is: printed as {@code runbooks/x.yaml:12:5:
 * steps[1].action: unknown action "failovr" (one of: failover, …)}.
 *
 * @param file the file as its location names it (e.g. {@code runbooks/x.yaml})
 * @param line 1-based
 * @param column 1-based
 * @param field the field's path, e.g. {@code steps[1].action}; "" for the whole file
 */
public record RunbookError(String file, int line, int column, String field, String message) {

  @Override
  public String toString() {
    return file
        + ":"
        + line
        + ":"
        + column
        + ": "
        + (field.isEmpty() ? "" : field + ": ")
        + message;
  }
}
