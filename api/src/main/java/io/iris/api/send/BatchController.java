package io.iris.api.send;

import io.iris.activities.send.BatchStore;
import io.iris.activities.send.BatchStore.Batch;
import io.iris.activities.send.BatchStore.BatchContent;
import io.iris.activities.send.BatchStore.Recipient;
import io.iris.activities.send.BulkActivitiesImpl;
import io.iris.activities.send.MessageStore;
import io.iris.activities.send.SendSettings;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.RequiresScope;
import io.iris.api.auth.Scope;
import io.iris.api.problem.ApiProblem;
import io.iris.api.send.MessageRequests.BatchRecipient;
import io.iris.api.send.MessageRequests.SendBatch;
import io.iris.workflows.common.WorkflowSignals;
import io.iris.workflows.send.BulkProgress;
import io.iris.workflows.send.BulkSendRequest;
import io.iris.workflows.send.BulkSendWorkflow;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.SendRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.temporal.client.WorkflowClient;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.ArrayList;
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
import org.springframework.web.bind.annotation.RestController;

@RestController
class BatchController {

  /** On sms also the segments of all the batch's messages together. */
  record BatchAccepted(UUID batchId, int total, Map<String, String> links, Integer segments) {}

  record BatchView(
      UUID batchId,
      String channel,
      int total,
      int started,
      boolean cancelled,
      boolean done,
      Map<String, Integer> statuses) {}

  private final MessageService messages;
  private final MessageStore store;
  private final BatchStore batches;
  private final SendWorkflows workflows;
  private final WorkflowClient client;
  private final SendSettings settings;
  private final SendChecks checks;
  private final StartPayloads payloads;
  private final Clock clock;

  private final TenantRateLimits rateLimits;

  BatchController(
      MessageService messages,
      MessageStore store,
      BatchStore batches,
      SendWorkflows workflows,
      WorkflowClient client,
      SendSettings settings,
      SendChecks checks,
      StartPayloads payloads,
      Clock clock,
      TenantRateLimits rateLimits) {
    this.rateLimits = rateLimits;
    this.messages = messages;
    this.store = store;
    this.batches = batches;
    this.workflows = workflows;
    this.client = client;
    this.settings = settings;
    this.checks = checks;
    this.payloads = payloads;
    this.clock = clock;
  }

  @Operation(summary = "Send one message to many recipients (up to iris.send.bulk-max-recipients)")
  @ApiResponse(
      responseCode = "202",
      description = "Accepted; the batch runs as a workflow (Location: the batch)")
  @ApiResponse(
      responseCode = "429",
      description = "The tenant is throttled: batches are refused whole (Retry-After)")
  @PostMapping("/v1/messages/batch")
  @RequiresScope(Scope.TENANT)
  ResponseEntity<BatchAccepted> create(
      ApiPrincipal principal, @Valid @RequestBody SendBatch request) {
    UUID tenantId = MessageService.sendingTenant(principal);
    rateLimits.refuseBatchIfThrottled(tenantId);
    if (request.recipients().size() > settings.bulkMaxRecipients()) {
      throw ApiProblem.invalidField(
          "recipients", "must hold at most " + settings.bulkMaxRecipients() + " entries");
    }
    Channel channel = Channel.fromWire(request.channel());
    checks.checkMetadata("metadata", request.metadata());
    UUID batchId = UUID.randomUUID();
    List<Recipient> recipients = new ArrayList<>(request.recipients().size());
    List<SendRequest> page = new ArrayList<>(settings.bulkPageSize());
    Integer segments = channel == Channel.SMS ? 0 : null;
    for (int i = 0; i < request.recipients().size(); i++) {
      BatchRecipient r = request.recipients().get(i);
      String field = "recipients[" + i + "].";
      checks.checkRecipient(channel, r.to(), field + "to");
      checks.checkVariables(field + "variables", r.variables());
      Map<String, String> variables = r.variables() == null ? Map.of() : r.variables();
      // Render now, so a missing variable or an oversized body is a 400 here rather than a
      // failure mid-batch.
      MessageService.Content content =
          messages.content(
              tenantId,
              channel,
              request.body(),
              request.subject(),
              request.templateId(),
              variables,
              request.metadata(),
              request.templateId() == null ? "" : field);
      if (segments != null) {
        segments += content.segments().map(SmsSegments::segments).orElse(0);
      }
      recipients.add(new Recipient(i, r.to(), variables));
      // Each send's workflow input, and each page the batch workflow reads at once, must fit
      // what Temporal takes, or the batch would stall part-way.
      SendRequest send =
          new SendRequest(
              BulkActivitiesImpl.messageId(batchId, i).toString(),
              tenantId.toString(),
              channel,
              r.to(),
              MessageService.orEmpty(request.from()),
              content.subject(),
              content.body(),
              MessageService.priority(request.priority()),
              MessageService.metadata(request.metadata()),
              batchId.toString());
      payloads.check(send, field, request.templateId() != null);
      page.add(send);
      if (page.size() == settings.bulkPageSize() || i == request.recipients().size() - 1) {
        payloads.checkPage(page, i + 1 - page.size());
        page.clear();
      }
    }
    batches.create(
        batchId,
        tenantId,
        new BatchContent(
            channel.wireName(),
            MessageService.orEmpty(request.from()),
            MessageService.orEmpty(request.subject()),
            MessageService.orEmpty(request.body()),
            MessageService.priority(request.priority()),
            Optional.ofNullable(request.templateId()),
            MessageService.metadata(request.metadata())),
        recipients,
        clock.instant());
    workflows.startBatch(
        new BulkSendRequest(
            batchId.toString(),
            tenantId.toString(),
            channel,
            recipients.size(),
            settings.bulkPageSize(),
            settings.bulkPagesPerRun(),
            0));
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .header("Location", "/v1/messages/batch/" + batchId)
        .body(
            new BatchAccepted(
                batchId,
                recipients.size(),
                Map.of(
                    "self",
                    "/v1/messages/batch/" + batchId,
                    "workflow",
                    BulkSendWorkflow.workflowId(batchId.toString())),
                segments));
  }

  @Operation(summary = "A batch's progress and its messages' statuses")
  @GetMapping("/v1/messages/batch/{id}")
  BatchView get(ApiPrincipal principal, @PathVariable UUID id) {
    Batch batch = visible(principal, id);
    BulkSendWorkflow workflow =
        client.newWorkflowStub(BulkSendWorkflow.class, BulkSendWorkflow.workflowId(id.toString()));
    BulkProgress progress =
        WorkflowSignals.ask(workflow::progress)
            .orElseGet(() -> new BulkProgress(id.toString(), batch.total(), 0, false, false));
    return new BatchView(
        id,
        batch.channel(),
        batch.total(),
        progress.started(),
        progress.cancelled(),
        progress.done(),
        store.batchCounts(id));
  }

  @Operation(summary = "Stop starting the batch's remaining sends")
  @ApiResponse(responseCode = "202", description = "Cancellation asked of the running batch")
  @ApiResponse(responseCode = "409", description = "The batch has already started every send")
  @PostMapping("/v1/messages/batch/{id}/cancel")
  ResponseEntity<Void> cancel(ApiPrincipal principal, @PathVariable UUID id) {
    visible(principal, id);
    WorkflowSignals.Outcome signal =
        WorkflowSignals.signal(
            client,
            BulkSendWorkflow.class,
            BulkSendWorkflow.workflowId(id.toString()),
            wf -> wf.cancel("cancelled by request"));
    if (signal == WorkflowSignals.Outcome.ENDED) {
      throw ApiProblem.conflict("Batch '" + id + "' has already started every send.");
    }
    return ResponseEntity.accepted().build();
  }

  private Batch visible(ApiPrincipal principal, UUID id) {
    Batch batch = batches.find(id).orElseThrow(() -> ApiProblem.notFound("batch", id.toString()));
    if (!principal.isAdmin() && !principal.tenantId().equals(Optional.of(batch.tenantId()))) {
      throw ApiProblem.notFound("batch", id.toString());
    }
    return batch;
  }
}
