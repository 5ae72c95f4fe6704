package io.iris.api.platform;

import io.iris.api.auth.ApiPrincipal;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at /v3/api-docs (Swagger UI at /swagger-ui.html), written for generated
 * clients: real success statuses (set on the few operations that answer 201, 202 or 204), JSON
 * bodies, RFC 9457 problems for every error ({@link ResponseDocumentation}), Bean Validation
 * constraints as JSON Schema reads them ({@link ConstraintDocumentation}), request bodies as strict
 * as Jackson reads them ({@link RequestBodyDocumentation}), one schema per type ({@link
 * SchemaNames}) and stable operation ids ({@link OperationNames}). The dev-profile simulator and
 * the container's error page stay out (springdoc.paths-to-exclude).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  /** The bearer scheme of IRIS API keys. */
  static final String API_KEY = "apiKey";

  /** The bearer token Alertmanager presents (IRIS_ALERTMANAGER_TOKEN), not an IRIS API key. */
  static final String ALERTMANAGER_TOKEN = "alertmanagerToken";

  static {
    // The principal comes from the Authorization header, not from a request parameter.
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(ApiPrincipal.class);
  }

  @Bean
  OpenAPI irisOpenApi() {
    OpenAPI api =
        new OpenAPI()
            .info(
                new Info()
                    .title("IRIS Command Center API")
                    .version("v1")
                    .description(
                        "Multi-channel sends, incidents and operations as durable Temporal"
                            + " workflows. Authenticate with 'Authorization: Bearer <api key>'."
                            + " Errors are RFC 9457 application/problem+json; a bad field is"
                            + " named in errors[].field."))
            .components(
                new Components()
                    .addSecuritySchemes(
                        API_KEY,
                        new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .description("An IRIS API key (iris_...)"))
                    .addSecuritySchemes(
                        ALERTMANAGER_TOKEN,
                        new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .description(
                                "The token configured in Alertmanager's http_config and in"
                                    + " IRIS_ALERTMANAGER_TOKEN")))
            .addSecurityItem(new SecurityRequirement().addList(API_KEY));
    ResponseDocumentation.TAGS.forEach(
        (name, description) -> api.addTagsItem(new Tag().name(name).description(description)));
    return api;
  }

  @Bean
  ResponseDocumentation responseDocumentation() {
    return new ResponseDocumentation();
  }

  @Bean
  OperationNames operationNames() {
    return new OperationNames();
  }

  @Bean
  ConstraintDocumentation constraintDocumentation() {
    return new ConstraintDocumentation();
  }

  @Bean
  SchemaNames schemaNames() {
    // One per JVM: springdoc adds a converter class to swagger's JVM-wide ModelConverters only
    // once, so in a second application context (tests keep several) a new instance would never
    // see a type, and the request-body rules that ask it would find no names.
    return SchemaNames.SHARED;
  }

  @Bean
  RequestBodyDocumentation requestBodyDocumentation(SchemaNames schemaNames) {
    return new RequestBodyDocumentation(schemaNames);
  }

  @Bean
  NullableReferences nullableReferences() {
    return new NullableReferences();
  }
}
