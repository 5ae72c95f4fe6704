package io.iris.api.incident.pagerduty;

import io.iris.api.incident.IncidentActions;
import io.iris.api.problem.ApiProblem;
import io.iris.api.send.receipts.WebhookRequests;
import io.iris.api.webhook.RecentIds;
import io.iris.api.webhook.WebhookProblems;
import io.iris.integrations.pagerduty.PagerDutyWebhooks;
import io.iris.integrations.pagerduty.PagerDutyWebhooks.Event;
import io.iris.integrations.spi.ReceiptSettings;
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
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * PagerDuty webhooks v3 ({@code POST /webhooks/pagerduty}). The raw body is read first and its
 * {@code X-PagerDuty-Signature} checked against {@code iris.pagerduty.webhook-secret}; a delivery
 * seen before (same {@code X-Webhook-Id}) is acknowledged and dropped. {@code
 * incident.acknowledged} and {@code incident.resolved} become {@link IncidentActions} on the
 * incident whose id is the PagerDuty incident's {@code incident_key} (the {@code dedup_key} IRIS
 * triggered it with); every other event type is acknowledged and ignored.
 *
 * <p>The answer is 202 whenever PagerDuty should not redeliver, unknown incidents included (it
 * would otherwise retry for about 20 minutes); 401 for a bad signature, 403 with no secret
 * configured, 400 for a body that is not a webhook event, 503 when the action could not be taken
 * (PagerDuty retries 5xx).
 */
@RestController
class PagerDutyWebhook {

  private static final Logger log = LoggerFactory.getLogger(PagerDutyWebhook.class);

  static final String PATH = "/webhooks/pagerduty";
  static final String WEBHOOK_ID = "X-Webhook-Id";
  static final String SOURCE = PagerDutyWebhooks.SOURCE;

  private final PagerDutyWebhooks webhooks;
  private final ObjectProvider<IncidentActions> actions;
  private final RecentIds recent;
  private final long maxBodySize;

  PagerDutyWebhook(
      PagerDutyWebhooks webhooks,
      ReceiptSettings receipts,
      ObjectProvider<IncidentActions> actions) {
    this.webhooks = webhooks;
    this.actions = actions;
    this.recent = new RecentIds(receipts.recentEventCapacity());
    this.maxBodySize = receipts.maxBodySize().toBytes();
  }

  @Operation(
      summary = "PagerDuty webhook (v3)",
      description =
          "PagerDuty webhooks v3, signed in X-PagerDuty-Signature: one or more 'v1=' + hex"
              + " HMAC-SHA256 of the body keyed with iris.pagerduty.webhook-secret. A delivery seen"
              + " before (same X-Webhook-Id) is acknowledged and dropped. incident.acknowledged and"
              + " incident.resolved act on the IRIS incident named by the PagerDuty incident's"
              + " incident_key; every other event is acknowledged and ignored. 503 asks PagerDuty"
              + " to redeliver.",
      parameters = {
        @Parameter(
            in = ParameterIn.HEADER,
            name = "X-PagerDuty-Signature",
            required = true,
            description = "Comma-separated v1= signatures",
            schema = @Schema(type = "string")),
        @Parameter(
            in = ParameterIn.HEADER,
            name = "X-Webhook-Id",
            required = false,
            description = "The same across redeliveries of one event",
            schema = @Schema(type = "string"))
      },
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = "application/json",
                      schema =
                          @Schema(
                              type = "object",
                              requiredProperties = {"event"},
                              additionalProperties = Schema.AdditionalPropertiesValue.TRUE),
                      schemaProperties = {
                        @SchemaProperty(
                            name = "event",
                            schema =
                                @Schema(
                                    type = "object",
                                    additionalProperties = Schema.AdditionalPropertiesValue.TRUE))
                      })))
  @ApiResponse(responseCode = "202", description = "Received")
  @PostMapping(PATH)
  ResponseEntity<Void> receive(HttpServletRequest request) throws IOException {
    // First, before anything parses it: the signature covers the exact bytes sent.
    byte[] raw = WebhookRequests.body(request, maxBodySize);
    Event event =
        WebhookProblems.admit(() -> webhooks.receive(WebhookRequests.callback(request, raw)));
    String deliveryId = deliveryId(request, event);
    if (deliveryId != null && !recent.firstTime(deliveryId)) {
      log.debug("PagerDuty delivery {} seen before; dropped", deliveryId);
      return ResponseEntity.accepted().build();
    }
    try {
      handle(event);
    } catch (RuntimeException e) {
      if (deliveryId != null) {
        recent.forget(deliveryId);
      }
      throw e;
    }
    return ResponseEntity.accepted().build();
  }

  private void handle(Event event) {
    boolean acknowledged = "incident.acknowledged".equals(event.type());
    if (!acknowledged && !"incident.resolved".equals(event.type())) {
      log.debug("PagerDuty event {} ({}) ignored", event.id(), event.type());
      return;
    }
    if (event.incidentKey().isEmpty()) {
      log.info(
          "PagerDuty event {} ({}) ignored: its incident has no incident_key, so IRIS did not"
              + " trigger it",
          event.id(),
          event.type());
      return;
    }
    IncidentActions target = actions.getIfAvailable();
    if (target == null) {
      log.warn(
          "PagerDuty event {} ({}) not handled: no incident actions", event.id(), event.type());
      throw ApiProblem.unavailable("Incident actions are not available; retry later.");
    }
    IncidentActions.Outcome outcome;
    try {
      outcome =
          acknowledged
              ? target.acknowledge(event.incidentKey(), event.agent(), SOURCE)
              : target.resolve(event.incidentKey(), event.agent(), SOURCE);
    } catch (ErrorResponseException e) {
      throw e;
    } catch (RuntimeException e) {
      log.warn(
          "PagerDuty event {} ({}) for incident {} failed; PagerDuty will redeliver it",
          event.id(),
          event.type(),
          event.incidentKey(),
          e);
      throw ApiProblem.unavailable("The incident could not be updated; retry later.");
    }
    switch (outcome) {
      case SIGNALLED ->
          log.info(
              "incident {}: {} by {} in PagerDuty (event {})",
              event.incidentKey(),
              acknowledged ? "acknowledged" : "resolved",
              event.agent(),
              event.id());
      case UNKNOWN_INCIDENT ->
          log.warn(
              "PagerDuty event {} ({}) names incident '{}', which IRIS does not know; ignored",
              event.id(),
              event.type(),
              event.incidentKey());
      case ALREADY_CLOSED ->
          log.info(
              "PagerDuty event {} ({}) for incident {} ignored: the incident is closed",
              event.id(),
              event.type(),
              event.incidentKey());
    }
  }

  /** {@code X-Webhook-Id}, the same across redeliveries; else the event id; else none. */
  private static String deliveryId(HttpServletRequest request, Event event) {
    String header = request.getHeader(WEBHOOK_ID);
    if (header != null && !header.isBlank()) {
      return header.strip();
    }
    return event.id().isEmpty() ? null : "event:" + event.id();
  }
}
