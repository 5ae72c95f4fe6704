package io.iris.api.send;

import io.iris.activities.send.TemplateRenderer;
import io.iris.activities.send.TemplateStore;
import io.iris.activities.send.TemplateStore.Template;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.iris.api.problem.ApiProblem;
import io.iris.api.send.MessageRequests.CreateTemplate;
import io.iris.workflows.send.Channel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequiresScope(Scope.TENANT)
class TemplateController {

  private final TemplateStore templates;
  private final SendChecks checks;

  TemplateController(TemplateStore templates, SendChecks checks) {
    this.templates = templates;
    this.checks = checks;
  }

  @Operation(summary = "Create a message template with {{variable}} placeholders (tenant key)")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "409", description = "A template with this name exists")
  @PostMapping("/v1/templates")
  ResponseEntity<Template> create(
      ApiPrincipal principal, @Valid @RequestBody CreateTemplate request) {
    UUID tenantId = MessageService.sendingTenant(principal);
    // Every rendering contains the template's own text, so that alone must fit the channel.
    checks.checkBody(
        Channel.fromWire(request.channel()),
        TemplateRenderer.withoutPlaceholders(MessageService.orEmpty(request.subject())),
        TemplateRenderer.withoutPlaceholders(request.body()),
        Map.of(),
        "body",
        SendChecks.TEMPLATE_TEXT);
    Template created =
        templates
            .create(
                tenantId,
                request.name().strip(),
                request.channel(),
                MessageService.orEmpty(request.subject()),
                request.body())
            .orElseThrow(
                () ->
                    ApiProblem.conflict(
                        "A template named '" + request.name().strip() + "' exists."));
    return ResponseEntity.created(URI.create("/v1/templates/" + created.id())).body(created);
  }

  @Operation(summary = "The tenant's templates")
  @GetMapping("/v1/templates")
  List<Template> list(ApiPrincipal principal) {
    return templates.list(MessageService.sendingTenant(principal));
  }

  @Operation(summary = "A template")
  @GetMapping("/v1/templates/{id}")
  Template get(ApiPrincipal principal, @PathVariable UUID id) {
    return templates
        .find(MessageService.sendingTenant(principal), id)
        .orElseThrow(() -> ApiProblem.notFound("template", id.toString()));
  }
}
