package io.iris.api.send;

import io.iris.activities.send.MessageStore;
import io.iris.activities.send.MessageStore.Attempt;
import io.iris.activities.send.MessageStore.Message;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.iris.api.problem.ApiProblem;
import io.iris.api.send.MessageRequests.SendMessage;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.MessageStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MessageController {

  /**
   * DESIGN §5's {@code {"id","status","links"}}; on sms also how the body is sent: its encoding
   * ("GSM-7" or "UCS-2") and the segments it is billed as.
   */
  record AcceptedView(
      UUID id, String status, Map<String, String> links, String encoding, Integer segments) {}

  record AttemptView(
      String provider,
      String outcome,
      Instant at,
      String error,
      String providerMessageId,
      BigDecimal costUsd,
      long durationMs) {}

  record MessageView(
      UUID id,
      UUID tenantId,
      String channel,
      String to,
      String status,
      String provider,
      String providerMessageId,
      List<AttemptView> attempts,
      List<MessageTimeline.Entry> timeline,
      BigDecimal costUsd,
      String errorCode,
      String error,
      UUID batchId,
      Instant createdAt,
      Instant sentAt,
      Instant completedAt) {}

  record MessageSummary(
      UUID id,
      String channel,
      String to,
      String status,
      String provider,
      BigDecimal costUsd,
      Instant createdAt,
      Instant completedAt) {}

  record MessagePage(List<MessageSummary> items, String nextCursor) {}

  record CancelRequest(@Size(max = 1000) String reason) {}

  private final MessageService service;
  private final MessageStore messages;
  private final MessageTimeline timeline;
  private final TenantRateLimits rateLimits;

  MessageController(
      MessageService service,
      MessageStore messages,
      MessageTimeline timeline,
      TenantRateLimits rateLimits) {
    this.service = service;
    this.messages = messages;
    this.timeline = timeline;
    this.rateLimits = rateLimits;
  }

  @Operation(
      summary = "Send a message (tenant key)",
      description =
          "Starts one durable MessageSendWorkflow. With an Idempotency-Key, the same key and body"
              + " return the same message id; the same key with another body is 422.")
  @ApiResponse(
      responseCode = "202",
      description = "Accepted; the send runs as a workflow (Location: the message)")
  @ApiResponse(
      responseCode = "422",
      description = "This Idempotency-Key came with a different request")
  @ApiResponse(
      responseCode = "429",
      description = "The tenant is throttled and over its rate (Retry-After); nothing accepted")
  @PostMapping("/v1/messages")
  @RequiresScope(Scope.TENANT)
  ResponseEntity<AcceptedView> send(
      ApiPrincipal principal,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @Valid @RequestBody SendMessage request) {
    principal.tenantId().ifPresent(rateLimits::acquire);
    MessageService.Accepted accepted =
        service.send(principal, request, Optional.ofNullable(idempotencyKey));
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .header("Location", "/v1/messages/" + accepted.id())
        .body(
            new AcceptedView(
                accepted.id(),
                accepted.status(),
                links(accepted.id()),
                accepted.segments().map(s -> s.encoding().wireName()).orElse(null),
                accepted.segments().map(SmsSegments::segments).orElse(null)));
  }

  @Operation(
      summary = "A message: status, attempts, cost and timeline, from PostgreSQL",
      description =
          "Status, attempts, cost and a timeline from what PostgreSQL stores (accepted, start"
              + " attempts, each provider attempt, the end): the call to poll, it never loads the"
              + " workflow engine. With include=timeline the timeline is read from the message's"
              + " workflow history instead: every step, with routing reasons, signals and"
              + " receipts.")
  @GetMapping("/v1/messages/{id}")
  MessageView get(
      ApiPrincipal principal,
      @PathVariable UUID id,
      @Parameter(
              description = "timeline: the timeline from the workflow history",
              schema = @Schema(allowableValues = {"timeline"}))
          @RequestParam
          Optional<String> include) {
    boolean history = false;
    if (include.isPresent()) {
      if (!include.get().equals("timeline")) {
        throw ApiProblem.invalidParameter("include", "must be 'timeline' (or absent)");
      }
      history = true;
    }
    Message m = service.visible(principal, id);
    List<MessageStore.Attempt> stored = messages.attempts(id);
    List<AttemptView> attempts = stored.stream().map(MessageController::attempt).toList();
    return new MessageView(
        m.id(),
        m.tenantId(),
        m.channel(),
        m.recipient(),
        m.status(),
        m.provider(),
        m.providerMessageId(),
        attempts,
        history ? timeline.of(m) : timeline.stored(m, stored),
        m.costUsd(),
        m.errorCode(),
        m.errorMessage(),
        m.batchId(),
        m.createdAt(),
        m.sentAt(),
        m.completedAt());
  }

  @Operation(summary = "The caller's messages, newest first, with a cursor for the next page")
  @GetMapping("/v1/messages")
  @RequiresScope(Scope.TENANT)
  MessagePage list(
      ApiPrincipal principal,
      @RequestParam Optional<String> status,
      @RequestParam Optional<String> channel,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
      @RequestParam Optional<String> cursor) {
    UUID tenantId = MessageService.sendingTenant(principal);
    status.ifPresent(MessageController::checkStatus);
    channel.ifPresent(MessageController::checkChannel);
    Optional<Cursor> after = cursor.map(Cursor::parse);
    List<Message> rows =
        messages.list(
            tenantId,
            status,
            channel,
            after.map(Cursor::createdAt),
            after.map(Cursor::id),
            limit + 1);
    boolean more = rows.size() > limit;
    List<Message> page = more ? rows.subList(0, limit) : rows;
    String next = more ? Cursor.of(page.get(page.size() - 1)).encode() : null;
    return new MessagePage(
        page.stream()
            .map(
                m ->
                    new MessageSummary(
                        m.id(),
                        m.channel(),
                        m.recipient(),
                        m.status(),
                        m.provider(),
                        m.costUsd(),
                        m.createdAt(),
                        m.completedAt()))
            .toList(),
        next);
  }

  @Operation(summary = "Stop a send before a provider takes the message")
  @ApiResponse(responseCode = "202", description = "Cancellation asked of the running send")
  @ApiResponse(
      responseCode = "409",
      description = "The message has already reached its final status")
  @PostMapping("/v1/messages/{id}/cancel")
  ResponseEntity<Void> cancel(
      ApiPrincipal principal,
      @PathVariable UUID id,
      @Valid @RequestBody(required = false) CancelRequest request) {
    service.cancel(
        principal, id, request == null || request.reason() == null ? "" : request.reason());
    return ResponseEntity.accepted().build();
  }

  /** A position in a listing: the last row's creation time and id. */
  record Cursor(Instant createdAt, UUID id) {
    static Cursor of(Message m) {
      return new Cursor(m.createdAt(), m.id());
    }

    String encode() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor parse(String text) {
      try {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|");
        return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
      } catch (RuntimeException e) {
        throw ApiProblem.invalidField("cursor", "is not a cursor this API returned");
      }
    }
  }

  private static void checkStatus(String status) {
    try {
      MessageStatus.fromWire(status);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField("status", "is not a message status");
    }
  }

  private static void checkChannel(String channel) {
    try {
      Channel.fromWire(channel);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField("channel", "must be one of " + MessageRequests.CHANNELS);
    }
  }

  static Map<String, String> links(UUID id) {
    return Map.of("self", "/v1/messages/" + id, "workflow", "message-" + id);
  }

  private static AttemptView attempt(Attempt a) {
    return new AttemptView(
        a.provider(),
        a.outcome(),
        a.at(),
        a.error(),
        a.providerMessageId(),
        a.costUsd(),
        a.durationMs());
  }
}
