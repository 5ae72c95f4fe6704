package io.iris.api.send;

import io.iris.activities.send.SendSettings;
import io.iris.api.problem.ApiProblem;
import io.iris.workflows.send.SendRequest;
import io.temporal.api.common.v1.Payloads;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The size of what a send hands to Temporal, measured with the client's own data converter (so
 * exactly as the start request will carry it), against {@code iris.send.max-start-payload-bytes}. A
 * send over the limit would be refused by the server on every start; it is refused when accepted
 * instead, and never written.
 */
@Component
public class StartPayloads {

  private final DataConverter converter;
  private final int limit;

  @Autowired
  public StartPayloads(WorkflowClient client, SendSettings settings) {
    this(client.getOptions().getDataConverter(), settings.maxStartPayloadBytes());
  }

  StartPayloads(DataConverter converter, int limit) {
    this.converter = converter;
    this.limit = limit;
  }

  public int limit() {
    return limit;
  }

  /** Bytes of the encoded arguments, as Temporal's input (or an activity's result) carries them. */
  public int size(Object... values) {
    return converter.toPayloads(values).map(Payloads::getSerializedSize).orElse(0);
  }

  public boolean fits(SendRequest send) {
    return size(send) <= limit;
  }

  /**
   * Refuses (413) a send whose workflow input would exceed the limit, naming what makes it large:
   * {@code to} (under {@code recipientPrefix}), the template's {@code variables} when its body was
   * rendered from them, else {@code body}, {@code subject}, {@code metadata} or {@code from}.
   */
  void check(SendRequest send, String recipientPrefix, boolean rendered) {
    int size = size(send);
    if (size <= limit) {
      return;
    }
    String part = largestPart(send);
    String field =
        switch (part) {
          case "to" -> recipientPrefix + "to";
          case "body", "subject" -> rendered ? recipientPrefix + "variables" : part;
          default -> part;
        };
    String note = field.endsWith("variables") ? " (they fill the template's " + part + ")" : "";
    throw ApiProblem.messageTooLarge(
        field,
        size,
        limit,
        "The message would be "
            + size
            + " bytes when handed to the workflow engine, more than the "
            + limit
            + " bytes accepted; '"
            + field
            + "'"
            + note
            + " makes most of it.");
  }

  /** Refuses (413) a batch one page of whose sends (read by one activity) would exceed it. */
  void checkPage(List<SendRequest> page, int firstIndex) {
    int size = size(page);
    if (size <= limit) {
      return;
    }
    String field = "recipients[" + firstIndex + ".." + (firstIndex + page.size() - 1) + "]";
    throw ApiProblem.messageTooLarge(
        field,
        size,
        limit,
        "The batch's sends "
            + field
            + " are read by the workflow as one page of "
            + size
            + " bytes, more than the "
            + limit
            + " bytes accepted; send smaller messages, or fewer per batch.");
  }

  private static String largestPart(SendRequest send) {
    Map<String, Integer> parts = new LinkedHashMap<>();
    parts.put("body", utf8(send.body()));
    parts.put(
        "metadata",
        send.metadata().entrySet().stream()
            .mapToInt(e -> utf8(e.getKey()) + utf8(e.getValue()))
            .sum());
    parts.put("subject", utf8(send.subject()));
    parts.put("to", utf8(send.to()));
    parts.put("from", utf8(send.from()));
    Optional<Map.Entry<String, Integer>> largest =
        parts.entrySet().stream().max(Map.Entry.comparingByValue());
    return largest.map(Map.Entry::getKey).orElse("body");
  }

  private static int utf8(String text) {
    return text == null ? 0 : text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
