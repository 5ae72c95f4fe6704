package io.iris.api.routing;

import io.iris.api.auth.ApiPrincipal;
import io.iris.api.routing.RoutingViews.RoutingView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A channel's route now, as the router would use it for a new send. */
@RestController
class RoutingController {

  private final RoutingViews views;

  RoutingController(RoutingViews views) {
    this.views = views;
  }

  @Operation(
      summary = "A channel's providers in the order new sends use them now, with the reason",
      description =
          "The first provider is the primary. A tenant key gets its own routing requirements"
              + " applied; an admin key sees the route without requirements.")
  @GetMapping("/v1/routing/{channel}")
  RoutingView route(
      ApiPrincipal principal,
      @Parameter(
              schema =
                  @Schema(allowableValues = {"sms", "email", "slack", "teams", "webhook", "push"}))
          @PathVariable
          String channel) {
    return views.route(RoutingViews.channel("channel", channel), principal);
  }
}
