package io.iris.simulator;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An RFC 9457 problem answered by the simulator's own control routes ({@code /sim/**}), with the
 * same {@code type} URIs as the platform's problems. The simulator's own copy: it depends on no
 * module of ours.
 */
final class SimulatorProblem extends ErrorResponseException {

  static final String TYPE_BASE = "https://iris.dev/problems/";

  private SimulatorProblem(HttpStatus status, String type, String title, String detail) {
    super(status, problem(status, type, title, detail), null);
  }

  private static ProblemDetail problem(
      HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + type));
    problem.setTitle(title);
    return problem;
  }

  static SimulatorProblem notFound(String what, String id) {
    return new SimulatorProblem(
        HttpStatus.NOT_FOUND, "not-found", "Not found", "No " + what + " with id '" + id + "'.");
  }

  static SimulatorProblem conflict(String detail) {
    return new SimulatorProblem(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
  }

  /** 503: the platform's webhook could not be reached. */
  static SimulatorProblem unavailable(String detail) {
    return new SimulatorProblem(
        HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable", detail);
  }

  /** A request value that is not acceptable; names the field. */
  static SimulatorProblem invalidField(String field, String message) {
    SimulatorProblem problem =
        new SimulatorProblem(
            HttpStatus.BAD_REQUEST,
            "invalid-request",
            "Invalid request",
            "Field '" + field + "' " + message + ".");
    problem.getBody().setProperty("errors", List.of(Map.of("field", field, "message", message)));
    return problem;
  }
}
