package io.iris.api.platform;

import io.iris.api.auth.ApiPrincipal;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /v3/api-docs (Swagger UI at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static {
    // The principal comes from the Authorization header, not from a request parameter.
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(ApiPrincipal.class);
  }

  @Bean
  OpenAPI irisOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("IRIS Command Center API")
                .version("v1")
                .description(
                    "Multi-channel sends, incidents and operations as durable Temporal"
                        + " workflows. Authenticate with 'Authorization: Bearer <api key>'."
                        + " Errors are RFC 9457 application/problem+json."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "apiKey",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("An IRIS API key (iris_...)")))
        .addSecurityItem(new SecurityRequirement().addList("apiKey"));
  }
}
