package io.iris.api.routing;

import io.iris.api.routing.RoutingViews.ProviderHealthView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The providers' health and routing state (admin or tenant keys: nothing in it is a tenant's). */
@RestController
class ProviderController {

  private final RoutingViews views;

  ProviderController(RoutingViews views) {
    this.views = views;
  }

  @Operation(
      summary = "Every enabled provider: its status, latest health score and routing weight",
      description =
          "status is one of "
              + RoutingViews.STATUSES
              + "; score is null before the first health evaluation.")
  @GetMapping("/v1/providers")
  List<ProviderHealthView> list(
      @Parameter(
              description = "Only this channel's providers",
              schema =
                  @Schema(allowableValues = {"sms", "email", "slack", "teams", "webhook", "push"}))
          @RequestParam(required = false)
          String channel) {
    return views.providers(
        Optional.ofNullable(channel).map(c -> RoutingViews.channel("channel", c)));
  }
}
