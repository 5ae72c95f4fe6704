package io.iris.api.send;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Request bodies of the message routes (DESIGN §5). A body's limit depends on its channel (see
 * {@link SendChecks} and {@code iris.api.bodies}), so it has no fixed {@code @Size} here.
 */
final class MessageRequests {

  private MessageRequests() {}

  static final String CHANNELS = "sms|email|slack|teams|webhook|push";
  static final String PRIORITIES = "low|normal|high";

  /**
   * {@code POST /v1/messages}: either {@code body}, or {@code templateId} with {@code variables}.
   */
  record SendMessage(
      @NotBlank @Pattern(regexp = CHANNELS, message = "must be one of " + CHANNELS) String channel,
      @NotBlank @Size(max = 2048) String to,
      String body,
      @Size(max = 1000) String subject,
      @Size(max = 320) String from,
      @Pattern(regexp = PRIORITIES, message = "must be one of " + PRIORITIES) String priority,
      Map<String, String> metadata,
      UUID templateId,
      Map<String, String> variables) {}

  /** One recipient of a batch. */
  record BatchRecipient(@NotBlank @Size(max = 2048) String to, Map<String, String> variables) {}

  /** {@code POST /v1/messages/batch}. */
  record SendBatch(
      @NotBlank @Pattern(regexp = CHANNELS, message = "must be one of " + CHANNELS) String channel,
      String body,
      @Size(max = 1000) String subject,
      @Size(max = 320) String from,
      @Pattern(regexp = PRIORITIES, message = "must be one of " + PRIORITIES) String priority,
      Map<String, String> metadata,
      UUID templateId,
      @NotEmpty @Valid List<BatchRecipient> recipients) {}

  /** {@code POST /v1/templates}. */
  record CreateTemplate(
      @NotBlank @Size(max = 200) String name,
      @NotBlank @Pattern(regexp = CHANNELS, message = "must be one of " + CHANNELS) String channel,
      @Size(max = 1000) String subject,
      @NotBlank String body) {}

  /** {@code POST /v1/suppressions}. */
  record Suppress(
      @NotBlank @Pattern(regexp = CHANNELS, message = "must be one of " + CHANNELS) String channel,
      @NotBlank @Size(max = 2048) String address,
      @Size(max = 1000) String detail) {}
}
