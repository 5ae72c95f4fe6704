package io.iris.activities.send;

import io.iris.activities.send.BatchStore.Batch;
import io.iris.activities.send.BatchStore.Recipient;
import io.iris.activities.send.TemplateStore.Template;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.send.BulkActivities;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.SendRequest;
import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.SEND)
public class BulkActivitiesImpl implements BulkActivities {

  private final BatchStore batches;
  private final TemplateStore templates;
  private final MessageStore messages;
  private final Clock clock;

  public BulkActivitiesImpl(
      BatchStore batches, TemplateStore templates, MessageStore messages, Clock clock) {
    this.batches = batches;
    this.templates = templates;
    this.messages = messages;
    this.clock = clock;
  }

  /** A batch message's id: the same for the same batch and position, whoever asks. */
  public static UUID messageId(UUID batchId, int position) {
    return UUID.nameUUIDFromBytes((batchId + "/" + position).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void cancelUnstarted(String batchId, List<String> messageIds) {
    messages.cancelUnstarted(
        messageIds.stream().map(UUID::fromString).toList(),
        "the batch " + batchId + " was cancelled before this send started");
  }

  @Override
  public List<SendRequest> prepareBatchPage(String batchId, int offset, int limit) {
    UUID id = UUID.fromString(batchId);
    Batch batch =
        batches
            .find(id)
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "no batch " + batchId, "UNKNOWN_BATCH"));
    Optional<Template> template =
        batch.content().templateId().flatMap(t -> templates.find(batch.tenantId(), t));
    String subjectSource = template.map(Template::subject).orElse(batch.content().subject());
    String bodySource = template.map(Template::body).orElse(batch.content().body());
    List<SendRequest> sends = new ArrayList<>();
    for (Recipient r : batches.recipients(id, offset, limit)) {
      SendRequest send =
          new SendRequest(
              messageId(id, r.position()).toString(),
              batch.tenantId().toString(),
              Channel.fromWire(batch.channel()),
              r.to(),
              batch.content().from(),
              TemplateRenderer.render(subjectSource, r.variables()),
              TemplateRenderer.render(bodySource, r.variables()),
              batch.content().priority(),
              batch.content().metadata(),
              batchId);
      messages.register(send, clock.millis());
      sends.add(send);
    }
    return sends;
  }
}
