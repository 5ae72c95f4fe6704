package io.iris.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Plain HTTP against the running app: exactly what a client sends, exactly what it gets back. */
public final class ApiClient {

  /** A response with its body parsed as JSON where it is JSON. */
  public record Response(int status, String contentType, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public ApiClient(int port) {
    this.base = "http://localhost:" + port;
  }

  public Response get(String path, String key) {
    return send(request(path, key).GET());
  }

  public Response post(String path, String key, String jsonBody) {
    return send(
        request(path, key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
  }

  public Response sendWithHeader(
      String method, String path, String key, String header, String value, String jsonBody) {
    return send(
        request(path, key)
            .header(header, value)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(jsonBody)));
  }

  public Response getWithAuthorization(String path, String authorization) {
    return send(request(path, null).header("Authorization", authorization).GET());
  }

  public Response delete(String path, String key) {
    return send(request(path, key).DELETE());
  }

  public Response send(String method, String path, String key, String contentType, String body) {
    HttpRequest.Builder b = request(path, key);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(
        b.method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b;
  }

  private Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
