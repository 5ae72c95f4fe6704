package io.iris.api.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.iris.api.platform.RequestSizeLimit;
import io.iris.api.platform.TextRuleModule;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error a controller raises becomes RFC 9457 problem+json. Bad input names the offending
 * field; nothing internal (stack traces, exception classes, SQL) ever reaches the response.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<FieldError> fieldErrors =
        ex.getBindingResult().getFieldErrors().stream()
            .sorted(Comparator.comparing(FieldError::getField))
            .toList();
    List<Map<String, String>> errors =
        fieldErrors.stream()
            .map(
                e ->
                    Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
            .toList();
    String detail =
        fieldErrors.stream()
            .map(e -> "Field '" + e.getField() + "' " + e.getDefaultMessage())
            .collect(Collectors.joining("; ", "", "."));
    ProblemDetail problem = invalid(detail);
    problem.setProperty("errors", errors);
    return respond(problem, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        ex.getParameterValidationResults().stream()
            .flatMap(
                result ->
                    result.getResolvableErrors().stream()
                        .map(
                            error ->
                                Map.of(
                                    "field",
                                    String.valueOf(result.getMethodParameter().getParameterName()),
                                    "message",
                                    String.valueOf(error.getDefaultMessage()))))
            .toList();
    String detail =
        errors.stream()
            .map(e -> "Parameter '" + e.get("field") + "' " + e.get("message"))
            .collect(Collectors.joining("; ", "", "."));
    ProblemDetail problem = invalid(detail);
    problem.setProperty("errors", errors);
    return respond(problem, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof RequestSizeLimit.TooLarge tooLarge) {
        return tooLarge(tooLarge, request);
      }
    }
    return respond(unreadable(jacksonCause(ex)), request);
  }

  /** A body read past iris.api.max-request-size, by a converter or by a handler itself. */
  @ExceptionHandler(RequestSizeLimit.TooLarge.class)
  ResponseEntity<Object> tooLarge(RequestSizeLimit.TooLarge ex, WebRequest request) {
    return respond(ApiProblem.payloadTooLarge(ex.limit()).getBody(), request);
  }

  /**
   * The outermost Jackson failure: it knows the field path (its own cause may be a parse error).
   */
  private static Throwable jacksonCause(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof JsonProcessingException) {
        return t;
      }
    }
    return ex;
  }

  /** Describes why a body could not be read, naming the field where Jackson knows it. */
  static ProblemDetail unreadable(Throwable cause) {
    if (cause instanceof TextRuleModule.InvalidText text) {
      String field = path(text);
      return invalidWith(
          "Field '" + field + "' " + text.reason() + ".",
          Map.of("field", field, "message", text.reason()));
    }
    StreamReadException read = duplicateKey(cause);
    if (read != null) {
      String name = read.getOriginalMessage().substring("Duplicate field '".length());
      name = name.substring(0, Math.max(0, name.lastIndexOf('\'')));
      String field =
          read.getProcessor() instanceof JsonParser parser
              ? join(containerPath(parser.getParsingContext()), name)
              : name;
      String message = "is given more than once";
      return invalidWith(
          "Field '" + field + "' " + message + ".", Map.of("field", field, "message", message));
    }
    if (cause instanceof MismatchedInputException trailing
        && trailing.getOriginalMessage() != null
        && trailing.getOriginalMessage().startsWith("Trailing token")) {
      return invalidWith(
          "The request body goes on after its JSON value; send exactly one JSON value.", null);
    }
    if (cause instanceof JsonParseException parse) {
      return invalidWith(
          "Malformed JSON at line "
              + parse.getLocation().getLineNr()
              + ", column "
              + parse.getLocation().getColumnNr()
              + ": "
              + parse.getOriginalMessage()
              + ".",
          null);
    }
    if (cause instanceof UnrecognizedPropertyException unknown) {
      String field = path(unknown);
      return invalidWith(
          "Field '" + field + "' is not part of this request.",
          Map.of("field", field, "message", "is not part of this request"));
    }
    if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      String field = path(mismatch);
      String expected =
          mismatch instanceof InvalidFormatException format && format.getValue() instanceof String
              ? "has an invalid value '" + format.getValue() + "'"
              : "must be " + describe(mismatch.getTargetType());
      return invalidWith(
          "Field '" + field + "' " + expected + ".", Map.of("field", field, "message", expected));
    }
    if (cause instanceof JsonProcessingException json && json.getOriginalMessage() != null) {
      if (json.getOriginalMessage().startsWith("No content to map")) {
        return invalidWith("The request body is empty; a JSON object is expected.", null);
      }
      return invalidWith("The request body is not the expected JSON object.", null);
    }
    return invalidWith("The request body is missing or is not JSON.", null);
  }

  private static ProblemDetail invalidWith(String detail, Map<String, String> error) {
    ProblemDetail problem = invalid(detail);
    if (error != null) {
      problem.setProperty("errors", List.of(error));
    }
    return problem;
  }

  /** The parser's refusal of a key given twice, however deep the data binding wrapped it. */
  private static StreamReadException duplicateKey(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof StreamReadException read
          && read.getOriginalMessage() != null
          && read.getOriginalMessage().startsWith("Duplicate field '")) {
        return read;
      }
    }
    return null;
  }

  /** Where the parser is: the path of the object or array it is in, e.g. {@code a.b[2]}. */
  private static String containerPath(JsonStreamContext context) {
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (JsonStreamContext c = context.getParent(); c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.addFirst("." + c.getCurrentName());
      } else if (c.inArray()) {
        parts.addFirst("[" + c.getCurrentIndex() + "]");
      }
    }
    String path = String.join("", parts);
    return path.startsWith(".") ? path.substring(1) : path;
  }

  private static String join(String container, String name) {
    return container.isEmpty() ? name : container + "." + name;
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
      return "a string";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (java.time.temporal.Temporal.class.isAssignableFrom(type)
        || java.time.temporal.TemporalAmount.class.isAssignableFrom(type)) {
      return "an ISO-8601 string";
    }
    return "an object";
  }

  private static ProblemDetail invalid(String detail) {
    return ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
  }

  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return respond(
        ProblemResponses.forStatus(
            HttpStatus.NOT_FOUND,
            "No endpoint " + ex.getHttpMethod() + " /" + ex.getResourcePath() + "."),
        request);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex, WebRequest request) {
    // Optional<UUID> is a UUID that may be left out: describe what is inside.
    Class<?> type = ex.getParameter().nestedIfOptional().getNestedParameterType();
    String expected = "must be " + describe(type);
    if (type == java.util.UUID.class) {
      expected = "must be a UUID";
    }
    return respond(
        invalidWith(
            "Parameter '" + ex.getName() + "' " + expected + ".",
            Map.of("field", ex.getName(), "message", expected)),
        request);
  }

  /** Anything unexpected: logged here with its stack, answered with nothing internal. */
  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
    log.error("Unhandled error on {}", describeRequest(request), ex);
    return respond(
        ProblemResponses.forStatus(
            HttpStatus.INTERNAL_SERVER_ERROR, "The server could not complete the request."),
        request);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex,
      Object body,
      HttpHeaders headers,
      HttpStatusCode statusCode,
      WebRequest request) {
    ResponseEntity<Object> response =
        super.handleExceptionInternal(ex, body, headers, statusCode, request);
    if (response != null && response.getBody() instanceof ProblemDetail problem) {
      if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
        HttpStatus status = HttpStatus.resolve(problem.getStatus());
        if (status != null) {
          problem.setType(ProblemResponses.forStatus(status, "").getType());
        }
      }
      setInstance(problem, request);
    }
    return response;
  }

  private ResponseEntity<Object> respond(ProblemDetail problem, WebRequest request) {
    setInstance(problem, request);
    return ResponseEntity.status(problem.getStatus()).body(problem);
  }

  private static void setInstance(ProblemDetail problem, WebRequest request) {
    if (problem.getInstance() == null && request instanceof ServletWebRequest servlet) {
      problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
    }
  }

  private static String describeRequest(WebRequest request) {
    return request instanceof ServletWebRequest servlet
        ? servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI()
        : request.getDescription(false);
  }
}
