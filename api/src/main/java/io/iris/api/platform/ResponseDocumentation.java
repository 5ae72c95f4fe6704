package io.iris.api.platform;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The errors every operation can answer, documented once instead of on each of them: RFC 9457
 * {@code application/problem+json} bodies with the shape {@code ApiProblem} and {@code
 * ProblemHandler} write, for the statuses an operation can really meet (400 where it takes input,
 * 404 where it names a resource, 413/415 where it takes a body, 401/403/500/503 everywhere). An
 * operation states only what differs (201/202/204 successes, 409, 422) with {@code @ApiResponse};
 * whatever error an annotation declares gets the problem body here too. Also: provider webhooks
 * carry no IRIS API key (their signatures are their authentication), and operations are grouped by
 * resource, in the order of {@link #TAGS}.
 */
final class ResponseDocumentation implements OpenApiCustomizer {

  static final String PROBLEM = "Problem";
  static final String PROBLEM_JSON =
      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  /** Tags, in the order Swagger UI shows them, with the path prefixes they hold. */
  static final Map<String, String> TAGS = new LinkedHashMap<>();

  private static final Map<String, String> TAG_PREFIXES = new LinkedHashMap<>();

  static {
    tag("Tenants", "Tenants (admin keys); a tenant key sees only its own", "/v1/tenants");
    tag(
        "API keys",
        "Who a key is; issuing, rotating and revoking keys",
        "/v1/me",
        "/v1/admin/api-keys",
        "/v1/api-keys");
    tag("Batches", "One message to many recipients", "/v1/messages/batch");
    tag("Messages", "Sends: one durable workflow per message", "/v1/messages");
    tag("Templates", "Message templates with {{variable}} placeholders", "/v1/templates");
    tag("Suppressions", "Recipients no message goes to", "/v1/suppressions");
    tag(
        "Incidents",
        "Incidents and Alertmanager intake (admin keys)",
        "/v1/incidents",
        "/v1/alerts");
    tag("Audit", "Administrative actions (admin keys)", "/v1/audit-logs");
    tag(
        "Providers and routing",
        "Provider health, routing state and the route new sends take",
        "/v1/providers",
        "/v1/routing");
    tag(
        "Provider webhooks",
        "Inbound doors for providers, Slack and PagerDuty: each checks its provider's signature"
            + " and takes no IRIS API key",
        "/webhooks");
  }

  private static void tag(String name, String description, String... prefixes) {
    TAGS.put(name, description);
    for (String prefix : prefixes) {
      TAG_PREFIXES.put(prefix, name);
    }
  }

  @Override
  public void customise(OpenAPI openApi) {
    openApi.getComponents().addSchemas(PROBLEM, problemSchema());
    openApi.getComponents().addSchemas(PROBLEM + "FieldError", fieldErrorSchema());
    openApi
        .getPaths()
        .forEach(
            (path, item) -> {
              for (Map.Entry<PathItem.HttpMethod, Operation> e :
                  item.readOperationsMap().entrySet()) {
                document(path, e.getValue());
              }
            });
  }

  private static void document(String path, Operation op) {
    boolean apiKeyRoute = path.startsWith("/v1/") && op.getSecurity() == null;
    boolean webhook = path.startsWith("/webhooks/");
    if (!path.startsWith("/v1/") && op.getSecurity() == null) {
      // Outside /v1 no API key is asked for (ApiKeyAuthenticationFilter guards /v1 only).
      op.setSecurity(List.of());
    }
    boolean body = op.getRequestBody() != null;
    boolean input = body || (op.getParameters() != null && !op.getParameters().isEmpty());
    ApiResponses responses = op.getResponses();
    if (input) {
      add(
          responses,
          "400",
          "Invalid request: malformed JSON, a missing or bad value; errors[].field names each"
              + " offending field or parameter.");
    }
    if (apiKeyRoute) {
      add(
          responses,
          "401",
          "No API key, or one that is not valid, has expired or was revoked.",
          "WWW-Authenticate",
          "Bearer realm=\"iris\", with error=\"invalid_token\" for a key that was presented");
      add(
          responses,
          "403",
          "This key may not do this: an admin-only operation with a tenant key, or a sending"
              + " (tenant) operation with an admin key.");
    } else if (webhook) {
      add(
          responses,
          "401",
          "The provider's signature is missing, does not match, or signs a time outside the"
              + " accepted window.",
          "WWW-Authenticate",
          "Signature realm=\"iris-webhooks\"");
      add(
          responses,
          "403",
          "This provider's signing secret or key is not configured, so nothing is accepted.");
    }
    if (path.contains("{")) {
      add(
          responses,
          "404",
          "Not found, or not visible to this key (another tenant's resources answer as missing"
              + " ones).");
    }
    if (body) {
      add(responses, "413", "The request body is larger than this operation accepts.");
      add(responses, "415", "The Content-Type is not one this operation accepts.");
    }
    add(
        responses,
        "500",
        "Unexpected error. Nothing internal is shown; the server log has the details.");
    add(
        responses,
        "503",
        "A dependency (Temporal, PostgreSQL) did not answer, or the action could not be taken"
            + " now; retry later.");
    responses.forEach(
        (code, response) -> {
          if (code.startsWith("4") || code.startsWith("5")) {
            response.setContent(problemContent());
          } else if (response.getContent() != null) {
            wildcardToJson(response.getContent());
          }
        });
    op.setTags(List.of(tagOf(path)));
  }

  private static void add(ApiResponses responses, String code, String description) {
    if (!responses.containsKey(code)) {
      responses.addApiResponse(code, new ApiResponse().description(description));
    }
  }

  private static void add(
      ApiResponses responses, String code, String description, String header, String value) {
    add(responses, code, description);
    ApiResponse response = responses.get(code);
    if (response.getHeaders() == null || !response.getHeaders().containsKey(header)) {
      response.addHeaderObject(
          header, new Header().description(value).schema(typed(new Schema<>(), "string")));
    }
  }

  /** Controllers that name no media type would be documented as {@code *}/{@code *}. */
  private static void wildcardToJson(Content content) {
    MediaType any = content.remove("*/*");
    if (any != null) {
      content.putIfAbsent(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, any);
    }
  }

  private static String tagOf(String path) {
    for (Map.Entry<String, String> prefix : TAG_PREFIXES.entrySet()) {
      if (path.equals(prefix.getKey()) || path.startsWith(prefix.getKey() + "/")) {
        return prefix.getValue();
      }
    }
    return path;
  }

  private static Content problemContent() {
    return new Content()
        .addMediaType(
            PROBLEM_JSON,
            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
  }

  /**
   * What {@code ApiProblem}, {@code ProblemHandler}, {@code ProblemResponses} and the webhooks
   * write: Spring's {@code ProblemDetail} with our {@code type} URIs and, for bad input, {@code
   * errors}.
   */
  private static Schema<?> problemSchema() {
    Schema<?> problem =
        typed(new Schema<>(), "object")
            .description("An RFC 9457 problem: why the request failed, for programs and people.")
            .addProperty(
                "type",
                typed(new Schema<>(), "string")
                    .format("uri")
                    .description(
                        "Stable per kind of problem, e.g. https://iris.dev/problems/invalid-request;"
                            + " branch on this."))
            .addProperty("title", typed(new Schema<>(), "string").description("Short summary."))
            .addProperty(
                "status",
                typed(new Schema<>(), "integer").format("int32").description("The HTTP status."))
            .addProperty(
                "detail",
                typed(new Schema<>(), "string").description("What went wrong, for people."))
            .addProperty(
                "instance",
                typed(new Schema<>(), "string")
                    .format("uri-reference")
                    .description("The request path."))
            .addProperty(
                "errors",
                typed(new Schema<>(), "array")
                    .description("For invalid requests: each offending field or parameter.")
                    .items(new Schema<>().$ref("#/components/schemas/" + PROBLEM + "FieldError")));
    problem.setRequired(List.of("type", "title", "status", "detail"));
    return problem;
  }

  private static Schema<?> fieldErrorSchema() {
    Schema<?> error =
        typed(new Schema<>(), "object")
            .addProperty(
                "field",
                typed(new Schema<>(), "string")
                    .description(
                        "The field's JSON path (e.g. recipients[0].to), or the parameter's name."))
            .addProperty(
                "message", typed(new Schema<>(), "string").description("What is wrong with it."));
    error.setRequired(List.of("field", "message"));
    return error;
  }

  /** A schema of one JSON type, for OpenAPI 3.1 ({@code types}) and 3.0 ({@code type}) alike. */
  static <T extends Schema<?>> T typed(T schema, String type) {
    schema.setType(type);
    schema.setTypes(Set.of(type));
    return schema;
  }
}
