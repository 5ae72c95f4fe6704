package io.iris.activities.remediation;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown at start-up when a runbook file is not valid: it lists every error found. */
public class InvalidRunbooksException extends RuntimeException {

  private final List<RunbookError> errors;

  public InvalidRunbooksException(String location, List<RunbookError> errors) {
    super(
        errors.size()
            + " error(s) in the runbooks at "
            + location
            + ":\n"
            + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<RunbookError> errors() {
    return errors;
  }
}
