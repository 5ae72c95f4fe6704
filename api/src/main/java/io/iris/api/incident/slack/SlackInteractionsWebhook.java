package io.iris.api.incident.slack;

import io.iris.activities.remediation.slack.SlackRemediationActivitiesImpl;
import io.iris.api.audit.AuditLog;
import io.iris.api.cost.CostOpportunityService;
import io.iris.api.incident.IncidentActions;
import io.iris.api.problem.ApiProblem;
import io.iris.api.remediation.RemediationService;
import io.iris.api.send.receipts.WebhookRequests;
import io.iris.api.webhook.RecentIds;
import io.iris.api.webhook.WebhookProblems;
import io.iris.integrations.slack.SlackClicks;
import io.iris.integrations.slack.SlackInteractions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Slack's interactivity Request URL. Slack posts a form with one field, {@code payload} (JSON),
 * signed with the app's signing secret. Clicks on the incident buttons ({@code block_actions})
 * become {@link IncidentActions} with the clicking user as actor; everything else is acknowledged
 * and ignored. The answer is an empty 200 within Slack's 3 seconds (see {@link SlackActionRunner}).
 */
@RestController
class SlackInteractionsWebhook {

  static final String PATH = "/webhooks/slack/interactions";
  static final String SOURCE = "slack";

  /** Interaction payloads carry the whole message; this is ample. */
  static final long MAX_BODY_BYTES = 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(SlackInteractionsWebhook.class);

  private final SlackInteractions interactions;
  private final ObjectProvider<IncidentActions> actions;
  private final SlackActionRunner runner;
  private final ObjectProvider<RemediationService> remediations;
  private final ObjectProvider<SlackRemediationActivitiesImpl> replies;
  private final ObjectProvider<AuditLog> audit;
  private final ObjectProvider<CostOpportunityService> costs;
  private final RecentIds recent = new RecentIds(10_000);

  /**
   * {@link IncidentActions} is looked up per request, so the endpoint (and the application) start
   * even where no implementation is present; requests are then refused with 503.
   */
  SlackInteractionsWebhook(
      SlackInteractions interactions,
      ObjectProvider<IncidentActions> actions,
      SlackActionRunner runner,
      ObjectProvider<RemediationService> remediations,
      ObjectProvider<SlackRemediationActivitiesImpl> replies,
      ObjectProvider<AuditLog> audit,
      ObjectProvider<CostOpportunityService> costs) {
    this.interactions = interactions;
    this.costs = costs;
    this.actions = actions;
    this.runner = runner;
    this.remediations = remediations;
    this.replies = replies;
    this.audit = audit;
  }

  @Operation(
      summary = "Slack interactivity (incident buttons)",
      description =
          "Slack's interactivity Request URL: a form with one field, payload (JSON), signed in"
              + " X-Slack-Signature as 'v0=' + hex HMAC-SHA256 of 'v0:<X-Slack-Request-Timestamp>:"
              + "<body>' keyed with the app's signing secret; the timestamp must be recent."
              + " Acknowledge, Resolve and Escalate clicks act on the incident; Approve and Reject"
              + " answer a remediation awaiting approval, Approve and Dismiss a cost opportunity"
              + " under review (approvers only, when"
              + " IRIS_REMEDIATION_APPROVERS is set); anything else is acknowledged and ignored.",
      parameters = {
        @Parameter(
            in = ParameterIn.HEADER,
            name = "X-Slack-Signature",
            required = true,
            description = "v0= and the hex HMAC-SHA256 signature",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = "X-Slack-Request-Timestamp",
            required = true,
            description = "Unix seconds when Slack signed",
            schema = @Schema(type = "string"))
      },
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "application/x-www-form-urlencoded",
                      schema =
                          @Schema(
                              type = "object",
                              requiredProperties = {"payload"},
                              additionalProperties = Schema.AdditionalPropertiesValue.TRUE),
                      schemaProperties = {
                        @SchemaProperty(name = "payload", schema = @Schema(type = "string"))
                      })))
  @ApiResponse(responseCode = "200", description = "Received (within Slack's 3 seconds)")
  @PostMapping(PATH)
  ResponseEntity<Void> interaction(HttpServletRequest request) throws IOException {
    // First, before anything can parse the form: the signature covers the exact bytes sent.
    byte[] raw = WebhookRequests.body(request, MAX_BODY_BYTES);
    SlackClicks clicks =
        WebhookProblems.admit(
            () -> interactions.receiveClicks(WebhookRequests.callback(request, raw)));
    if (clicks.isEmpty()) {
      log.debug("Slack interaction without incident actions ignored");
      return ResponseEntity.ok().build();
    }
    if (!recent.firstTime(request.getHeader(SlackInteractions.SIGNATURE_HEADER).trim())) {
      log.info("Slack interaction received again within the tolerance; not acted on twice");
      return ResponseEntity.ok().build();
    }
    if (!clicks.incidents().isEmpty()) {
      IncidentActions target = actions.getIfAvailable();
      if (target == null) {
        throw ApiProblem.unavailable("Incident actions are not available in this process.");
      }
      runner.run(target, clicks.incidents());
    }
    if (!clicks.remediations().isEmpty()) {
      RemediationService service = remediations.getIfAvailable();
      if (service == null) {
        throw ApiProblem.unavailable("Remediation approvals are not available in this process.");
      }
      runner.runRemediations(
          service, replies.getIfAvailable(), audit.getObject(), clicks.remediations());
    }
    if (!clicks.costs().isEmpty()) {
      CostOpportunityService service = costs.getIfAvailable();
      if (service == null) {
        throw ApiProblem.unavailable("Cost opportunity reviews are not available in this process.");
      }
      runner.runCosts(service, clicks.costs());
    }
    return ResponseEntity.ok().build();
  }
}
