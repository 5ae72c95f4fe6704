package io.iris.api.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's error report for requests it refuses before the application sees them (a request line or
 * headers over {@code server.max-http-request-header-size}, an encoded slash {@code %2F} or a
 * malformed escape in the path, …): RFC 9457 problem+json, like every other error, instead of
 * Tomcat's HTML page. Oversized headers are answered 431 (RFC 6585), not Tomcat's 400. Made by
 * Tomcat from its class name (see {@link ContainerErrors}), so it has no Spring wiring.
 */
public class ContainerErrorValve extends ErrorReportValve {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    Throwable cause =
        throwable != null
            ? throwable
            : (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    String detail;
    if (status == 400 && headersTooLarge(cause)) {
      status = HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value();
      response.setStatus(status);
      detail = "The request line or headers are larger than this server takes.";
    } else if (status == 400) {
      detail =
          "The request is not valid HTTP or its path is not acceptable (an encoded slash %2F,"
              + " a malformed %-escape, or a character a path may not contain).";
    } else {
      detail =
          status >= 500
              ? "The server could not complete the request."
              : "The request could not be processed.";
    }
    HttpStatus resolved = HttpStatus.resolve(status);
    String reason = resolved == null ? "Error" : resolved.getReasonPhrase();
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", ApiProblem.TYPE_BASE + reason.toLowerCase().replace(' ', '-'));
    problem.put("title", reason);
    problem.put("status", status);
    problem.put("detail", detail);
    try {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setCharacterEncoding("utf-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(JSON.writeValueAsString(problem));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response cannot be written: nothing more to tell anyone.
    }
  }

  private static boolean headersTooLarge(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null
          && message.toLowerCase().contains("header")
          && message.contains("large")) {
        return true;
      }
    }
    return false;
  }
}
