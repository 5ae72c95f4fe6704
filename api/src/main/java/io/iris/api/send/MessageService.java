package io.iris.api.send;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iris.activities.send.MessageStore;
import io.iris.activities.send.MessageStore.Message;
import io.iris.activities.send.MessageStore.NewMessage;
import io.iris.activities.send.SendOutbox;
import io.iris.activities.send.TemplateRenderer;
import io.iris.activities.send.TemplateStore;
import io.iris.activities.send.TemplateStore.Template;
import io.iris.api.auth.ApiKeySecrets;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.problem.ApiProblem;
import io.iris.api.send.MessageRequests.SendMessage;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.SendRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Accepting messages: validation, templates, idempotency, and the start of their workflows. */
@Service
public class MessageService {

  /** The answer to an accepted send; SMS segments on the sms channel. */
  public record Accepted(
      UUID id, String status, boolean replayed, Optional<SmsSegments> segments) {}

  /** A message body after templates: what the workflow sends, and its SMS segments. */
  record Content(
      String subject, String body, Optional<UUID> templateId, Optional<SmsSegments> segments) {}

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private final MessageStore messages;
  private final TemplateStore templates;
  private final SendOutbox outbox;
  private final SendStarter starter;
  private final TransactionTemplate transactions;
  private final SendWorkflows workflows;
  private final StartPayloads payloads;
  private final SendChecks checks;
  private final Clock clock;

  MessageService(
      MessageStore messages,
      TemplateStore templates,
      SendOutbox outbox,
      SendStarter starter,
      TransactionTemplate transactions,
      SendWorkflows workflows,
      StartPayloads payloads,
      SendChecks checks,
      Clock clock) {
    this.messages = messages;
    this.templates = templates;
    this.outbox = outbox;
    this.starter = starter;
    this.transactions = transactions;
    this.workflows = workflows;
    this.payloads = payloads;
    this.checks = checks;
    this.clock = clock;
  }

  /**
   * The tenant a caller acts for. Routes that need it are marked {@code @RequiresScope(TENANT)},
   * which refuses other keys before the request is read; this is the backstop.
   */
  static UUID sendingTenant(ApiPrincipal principal) {
    return principal
        .tenantId()
        .orElseThrow(() -> ApiProblem.forbidden("This operation needs a tenant API key."));
  }

  public Accepted send(
      ApiPrincipal principal, SendMessage request, Optional<String> idempotencyKey) {
    UUID tenantId = sendingTenant(principal);
    Channel channel = Channel.fromWire(request.channel());
    checks.checkRecipient(channel, request.to(), "to");
    checks.checkMetadata("metadata", request.metadata());
    checks.checkVariables("variables", request.variables());
    idempotencyKey.ifPresent(
        key -> {
          if (key.isBlank() || key.length() > 255) {
            throw ApiProblem.invalidField("Idempotency-Key", "must be 1 to 255 characters");
          }
        });
    Content content =
        content(
            tenantId,
            channel,
            request.body(),
            request.subject(),
            request.templateId(),
            request.variables(),
            request.metadata(),
            "");

    UUID id = UUID.randomUUID();
    SendRequest send =
        new SendRequest(
            id.toString(),
            tenantId.toString(),
            channel,
            request.to(),
            orEmpty(request.from()),
            content.subject(),
            content.body(),
            priority(request.priority()),
            metadata(request.metadata()),
            "");
    // Temporal would refuse this start every time it was tried: refuse the send now instead.
    payloads.check(send, "", content.templateId().isPresent());
    // The message and its start request are written together; the workflow starts after the
    // commit, so accepting never waits for Temporal and nothing accepted is lost if it is down.
    Message row =
        transactions.execute(
            tx -> {
              Message stored =
                  messages.insertOrGet(
                      new NewMessage(
                          id,
                          tenantId,
                          channel.wireName(),
                          request.to(),
                          orEmpty(request.from()),
                          content.subject(),
                          priority(request.priority()),
                          content.templateId(),
                          metadata(request.metadata()),
                          idempotencyKey,
                          idempotencyKey.map(k -> hash(request)),
                          Optional.empty(),
                          clock.instant()));
              if (stored.id().equals(id)) {
                Instant acceptedAt = clock.instant();
                outbox.add(send, acceptedAt, starter.sweepFrom(acceptedAt));
              }
              return stored;
            });
    boolean replayed = !row.id().equals(id);
    if (replayed && !hash(request).equals(row.requestHash())) {
      throw ApiProblem.idempotencyKeyReused(
          "Idempotency-Key '"
              + idempotencyKey.orElse("")
              + "' was used with a different request body.");
    }
    if (!replayed) {
      starter.startSoon(send);
    }
    return new Accepted(row.id(), row.status(), replayed, content.segments());
  }

  /** Renders a template or takes the literal body; errors name the field. */
  Content content(
      UUID tenantId,
      Channel channel,
      String body,
      String subject,
      UUID templateId,
      Map<String, String> variables,
      Map<String, String> metadata,
      String fieldPrefix) {
    if (templateId == null) {
      if (body == null || body.isBlank()) {
        throw ApiProblem.invalidField(
            fieldPrefix + "body", "must not be blank (or give templateId)");
      }
      return new Content(
          orEmpty(subject),
          body,
          Optional.empty(),
          checks.checkBody(channel, subject, body, metadata, fieldPrefix + "body", ""));
    }
    if (body != null) {
      throw ApiProblem.invalidField(
          fieldPrefix + "body", "must be absent when templateId is given");
    }
    Template template =
        templates
            .find(tenantId, templateId)
            .orElseThrow(
                () ->
                    ApiProblem.invalidField(
                        fieldPrefix + "templateId", "names no template of this tenant"));
    if (!template.channel().equals(channel.wireName())) {
      throw ApiProblem.invalidField(
          fieldPrefix + "templateId",
          "is a " + template.channel() + " template, not " + channel.wireName());
    }
    Map<String, String> values = variables == null ? Map.of() : variables;
    String renderedSubject;
    String renderedBody;
    try {
      renderedSubject =
          TemplateRenderer.render(subject != null ? subject : template.subject(), values);
      renderedBody = TemplateRenderer.render(template.body(), values);
    } catch (TemplateRenderer.MissingVariables missing) {
      throw ApiProblem.invalidField(
          "variables." + missing.names().iterator().next(),
          "is used by the template but not given");
    }
    if (renderedSubject.length() > 1000) {
      throw ApiProblem.invalidField(
          fieldPrefix + "subject",
          "as rendered from the template must be at most 1000 characters; it has "
              + renderedSubject.length());
    }
    return new Content(
        renderedSubject,
        renderedBody,
        Optional.of(templateId),
        checks.checkBody(
            channel,
            renderedSubject,
            renderedBody,
            metadata,
            fieldPrefix + "body",
            SendChecks.RENDERED));
  }

  /**
   * Asks a send to stop before a provider takes the message. A send still waiting for its workflow
   * (Temporal unreachable, say) ends {@code cancelled} at once; a running one is signalled.
   */
  public void cancel(ApiPrincipal principal, UUID id, String reason) {
    Message row = visible(principal, id);
    if (starter.cancelWaiting(row.id(), reason)) {
      return;
    }
    if (!workflows.cancelSend(row.id().toString(), reason)) {
      throw ApiProblem.conflict("Message '" + id + "' has already reached its final status.");
    }
  }

  /** The caller's message, or 404 (another tenant's message does not exist for it). */
  Message visible(ApiPrincipal principal, UUID id) {
    Message row =
        messages.findById(id).orElseThrow(() -> ApiProblem.notFound("message", id.toString()));
    if (!principal.isAdmin() && !principal.tenantId().equals(Optional.of(row.tenantId()))) {
      throw ApiProblem.notFound("message", id.toString());
    }
    return row;
  }

  static String priority(String priority) {
    return priority == null ? "normal" : priority;
  }

  static Map<String, String> metadata(Map<String, String> metadata) {
    return metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String hash(SendMessage request) {
    try {
      return ApiKeySecrets.sha256Hex(CANONICAL.writeValueAsString(request));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
