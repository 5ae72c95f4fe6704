package io.iris.api.platform;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Real HTTP calls against the running app, each checked against the app's own OpenAPI document by a
 * strict validator: an undocumented status, content type, header or property (the validator closes
 * every object schema with {@code additionalProperties: false}) is a mismatch. What a generated
 * client would trip over, found before a client does.
 */
final class ContractCalls {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** One exchange: what was sent, what came back. */
  record Exchange(String method, String pathAndQuery, int status, String contentType, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String text(String pointer) {
      return json().at(pointer).asText();
    }
  }

  /** A call to make: method, path with query, body, headers. */
  static final class Call {
    private final String method;
    private final String pathAndQuery;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;
    private boolean conforming = true;

    private Call(String method, String pathAndQuery) {
      this.method = method;
      this.pathAndQuery = pathAndQuery;
    }

    Call key(String apiKey) {
      return header("Authorization", "Bearer " + apiKey);
    }

    Call json(String json) {
      this.body = json;
      return header("Content-Type", "application/json");
    }

    Call body(String contentType, String content) {
      this.body = content;
      return header("Content-Type", contentType);
    }

    Call header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /**
     * The request is wrong on purpose (a bad value, a malformed body): the document must refuse it
     * too, as the server does, and only the response is checked against the document.
     */
    Call invalid() {
      this.conforming = false;
      return this;
    }
  }

  static Call get(String pathAndQuery) {
    return new Call("GET", pathAndQuery);
  }

  static Call post(String pathAndQuery) {
    return new Call("POST", pathAndQuery);
  }

  static Call delete(String pathAndQuery) {
    return new Call("DELETE", pathAndQuery);
  }

  private final int port;
  private final OpenApiInteractionValidator validator;
  private final List<String> mismatches = new ArrayList<>();
  private final Map<String, Integer> statusesSeen = new LinkedHashMap<>();

  ContractCalls(int port, String openApiDocument) {
    this.port = port;
    this.validator = strictValidator(openApiDocument);
  }

  /** Every message at ERROR, the one the library keeps quieter by default included. */
  static OpenApiInteractionValidator strictValidator(String openApiDocument) {
    return OpenApiInteractionValidator.createForInlineApiSpecification(openApiDocument)
        .withLevelResolver(
            LevelResolver.create()
                .withDefaultLevel(ValidationReport.Level.ERROR)
                .withLevel(
                    "validation.request.parameter.query.unexpected", ValidationReport.Level.ERROR)
                .build())
        .withStrictOperationPathMatching()
        .build();
  }

  /**
   * Sends the call, checks that the server answered {@code expectedStatus} (so the test exercises
   * what it means to), and records every way the exchange departs from the document.
   */
  Exchange send(Call call, int expectedStatus) {
    HttpResponse<String> response = http(call);
    Exchange exchange =
        new Exchange(
            call.method,
            call.pathAndQuery,
            response.statusCode(),
            response.headers().firstValue("Content-Type").orElse(""),
            response.body());
    String what = call.method + " " + call.pathAndQuery + " -> " + response.statusCode();
    statusesSeen.merge(call.method + " " + template(call.pathAndQuery), 1, Integer::sum);
    if (response.statusCode() != expectedStatus) {
      mismatches.add(
          what + ": expected " + expectedStatus + " (test setup), body " + exchange.body);
      return exchange;
    }
    Request request = request(call);
    SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode());
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.startsWith(":")) {
                answer.withHeader(name, values);
              }
            });
    if (!response.body().isEmpty()) {
      answer.withBody(response.body());
    }
    ValidationReport report;
    if (call.conforming) {
      report = validator.validate(request, answer.build());
    } else {
      report = validator.validateResponse(request.getPath(), request.getMethod(), answer.build());
      if (!validator.validateRequest(request).hasErrors()) {
        mismatches.add(
            what + ": the server refused this request but the document accepts it: " + call.body);
      }
    }
    if (report.hasErrors()) {
      mismatches.add(
          what + "\n" + SimpleValidationReportFormat.getInstance().apply(report).strip());
    }
    return exchange;
  }

  /** Sends without checking: for polling until the state to be checked is reached. */
  Exchange peek(Call call) {
    HttpResponse<String> r = http(call);
    return new Exchange(
        call.method,
        call.pathAndQuery,
        r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(""),
        r.body());
  }

  List<String> mismatches() {
    return mismatches;
  }

  Map<String, Integer> statusesSeen() {
    return statusesSeen;
  }

  private HttpResponse<String> http(Call call) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + call.pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .method(
                call.method,
                call.body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(call.body, StandardCharsets.UTF_8));
    call.headers.forEach(b::header);
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Request request(Call call) {
    int q = call.pathAndQuery.indexOf('?');
    String path = q < 0 ? call.pathAndQuery : call.pathAndQuery.substring(0, q);
    SimpleRequest.Builder b = new SimpleRequest.Builder(call.method, path);
    if (q >= 0) {
      for (String pair : call.pathAndQuery.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        b.withQueryParam(
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    call.headers.forEach(b::withHeader);
    if (call.body != null && !call.body.isEmpty()) {
      b.withBody(call.body);
    }
    return b.build();
  }

  /** The path with ids replaced, to count which operations were exercised. */
  private static String template(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    return path.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}")
        .toLowerCase(Locale.ROOT);
  }
}
