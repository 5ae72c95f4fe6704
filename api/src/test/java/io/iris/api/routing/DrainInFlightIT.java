package io.iris.api.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iris.activities.routing.FailoverActivitiesImpl;
import io.iris.api.support.RealTemporalTestBase;
import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.MessageSendStart;
import io.iris.workflows.send.MessageSendWorkflow;
import io.iris.workflows.send.SendRequest;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The drain against the real dev server's visibility: a running SMS send not sent yet gets {@code
 * switchProvider}, one already sent does not. The sends sit on a task queue no worker polls, so
 * they stay where they were put.
 */
class DrainInFlightIT extends RealTemporalTestBase {

  private static final String NOBODY = "iris-drain-it-no-worker";

  @Autowired WorkflowClient client;
  @Autowired FailoverActivitiesImpl failover;

  private String start(String status) {
    String id = UUID.randomUUID().toString();
    SendRequest request =
        new SendRequest(
            id,
            UUID.randomUUID().toString(),
            Channel.SMS,
            "+14155550100",
            "",
            "",
            "hi",
            "normal",
            Map.of(),
            "");
    WorkflowOptions options =
        MessageSendStart.options(request, false).toBuilder()
            .setTaskQueue(NOBODY)
            .setTypedSearchAttributes(
                io.temporal.common.SearchAttributes.newBuilder()
                    .set(SearchAttributes.TENANT_ID, request.tenantId())
                    .set(SearchAttributes.CHANNEL, request.channel().wireName())
                    .set(SearchAttributes.MESSAGE_STATUS, status)
                    .build())
            .build();
    MessageSendWorkflow wf = client.newWorkflowStub(MessageSendWorkflow.class, options);
    WorkflowClient.start(wf::send, request);
    return MessageSendWorkflow.workflowId(id);
  }

  private boolean switchedTo(String workflowId, String provider) {
    return client.fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .map(e -> e.getWorkflowExecutionSignaledEventAttributes())
        .anyMatch(
            s ->
                s.getSignalName().equals("switchProvider")
                    && provider.equals(
                        DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
                            0, Optional.of(s.getInput()), String.class, String.class)));
  }

  @Test
  void givenRunningSends_whenTheChannelIsDrained_itShouldSignalOnlyThoseNotSentYet() {
    String accepted = start("accepted");
    String sending = start("sending");
    String sent = start("sent");
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  client
                          .listExecutions(
                              "WorkflowId = '"
                                  + accepted
                                  + "' OR WorkflowId = '"
                                  + sending
                                  + "' OR WorkflowId = '"
                                  + sent
                                  + "'")
                          .count()
                      == 3);

      int signalled = failover.drain("plivo", Channel.SMS, Optional.empty(), token -> {});

      assertThat(signalled).isGreaterThanOrEqualTo(2);
      assertThat(switchedTo(accepted, "plivo")).isTrue();
      assertThat(switchedTo(sending, "plivo")).isTrue();
      assertThat(switchedTo(sent, "plivo")).as("a sent message is never moved").isFalse();
    } finally {
      for (String id : new String[] {accepted, sending, sent}) {
        client.newUntypedWorkflowStub(id).terminate("drain test over");
      }
    }
  }
}
