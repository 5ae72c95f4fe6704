package io.iris.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.incident.IncidentStart;
import io.iris.workflows.incident.IncidentState;
import io.iris.workflows.incident.IncidentStatus;
import io.iris.workflows.incident.IncidentWorkflow;
import io.iris.workflows.incident.Severity;
import io.iris.workflows.send.BulkSendRequest;
import io.iris.workflows.send.BulkSendStart;
import io.iris.workflows.send.BulkSendWorkflow;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.MessageSendStart;
import io.iris.workflows.send.MessageSendWorkflow;
import io.iris.workflows.send.SendRequest;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every caller gets from the per-workflow start options: the workflow lands on its task queue
 * with its search attributes, and a business id runs once (a second start is refused, even after
 * the first run ended). No worker polls here, so the started workflows just wait.
 */
class StartOptionsTest {

  private static final String TENANT = "00000000-0000-0000-0000-0000000000aa";

  private TestWorkflowEnvironment env;
  private WorkflowClient client;

  @BeforeEach
  void server() {
    env = TestWorkflowEnvironment.newInstance();
    SearchAttributes.ALL.forEach(
        key ->
            env.registerSearchAttribute(
                key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private static SendRequest send(String messageId) {
    return new SendRequest(
        messageId, TENANT, Channel.SMS, "+14155550100", "", "", "hi", "normal", Map.of(), "");
  }

  @Test
  void givenASendStartedWithItsOptions_itShouldRunOnTheSendQueueTaggedAndNeverTwice() {
    SendRequest request = send(UUID.randomUUID().toString());
    MessageSendWorkflow first =
        client.newWorkflowStub(MessageSendWorkflow.class, MessageSendStart.options(request, false));
    WorkflowClient.start(first::send, request);

    WorkflowExecutionDescription d = WorkflowStub.fromTyped(first).describe();
    assertThat(d.getWorkflowExecutionInfo().getTaskQueue()).isEqualTo(TaskQueues.SEND);
    assertThat(d.getTypedSearchAttributes().get(SearchAttributes.TENANT_ID)).isEqualTo(TENANT);
    assertThat(d.getTypedSearchAttributes().get(SearchAttributes.CHANNEL)).isEqualTo("sms");
    assertThat(d.getTypedSearchAttributes().get(SearchAttributes.MESSAGE_STATUS))
        .isEqualTo("accepted");

    WorkflowStub.fromTyped(first).terminate("ended for the test");
    MessageSendWorkflow again =
        client.newWorkflowStub(MessageSendWorkflow.class, MessageSendStart.options(request, false));
    assertThatThrownBy(() -> WorkflowClient.start(again::send, request))
        .as("a message that ended is not sent again")
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
  }

  @Test
  void givenABatchStartedWithItsOptions_itShouldRunOnTheSendQueueTaggedAndNeverTwice() {
    BulkSendRequest request =
        new BulkSendRequest(UUID.randomUUID().toString(), TENANT, Channel.EMAIL, 3, 3, 1, 0);
    BulkSendWorkflow first =
        client.newWorkflowStub(BulkSendWorkflow.class, BulkSendStart.options(request));
    WorkflowClient.start(first::run, request);

    WorkflowExecutionDescription d = WorkflowStub.fromTyped(first).describe();
    assertThat(d.getWorkflowExecutionInfo().getTaskQueue()).isEqualTo(TaskQueues.SEND);
    assertThat(d.getTypedSearchAttributes().get(SearchAttributes.CHANNEL)).isEqualTo("email");

    WorkflowStub.fromTyped(first).terminate("ended for the test");
    BulkSendWorkflow again =
        client.newWorkflowStub(BulkSendWorkflow.class, BulkSendStart.options(request));
    assertThatThrownBy(() -> WorkflowClient.start(again::run, request))
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
  }

  @Test
  void givenAnIncidentStartedWithItsOptions_itShouldRunOnTheIncidentQueueTaggedAndNeverTwice() {
    String id = UUID.randomUUID().toString();
    IncidentState opening =
        new IncidentState(
            id,
            "t",
            Severity.HIGH,
            IncidentStatus.OPEN,
            "",
            "",
            0,
            0,
            0,
            "",
            0,
            "",
            "",
            Map.of(),
            "",
            "",
            0,
            0,
            List.of());
    IncidentWorkflow first =
        client.newWorkflowStub(IncidentWorkflow.class, IncidentStart.options(id, Severity.HIGH));
    WorkflowClient.start(first::run, opening);

    WorkflowExecutionDescription d = WorkflowStub.fromTyped(first).describe();
    assertThat(d.getWorkflowExecutionInfo().getTaskQueue()).isEqualTo(TaskQueues.INCIDENT);
    assertThat(d.getTypedSearchAttributes().get(SearchAttributes.INCIDENT_ID)).isEqualTo(id);
    assertThat(d.getTypedSearchAttributes().get(SearchAttributes.SEVERITY)).isEqualTo("high");
    assertThat(d.getTypedSearchAttributes().get(SearchAttributes.INCIDENT_STATUS))
        .isEqualTo("open");

    WorkflowStub.fromTyped(first).terminate("ended for the test");
    IncidentWorkflow again =
        client.newWorkflowStub(IncidentWorkflow.class, IncidentStart.options(id, Severity.HIGH));
    assertThatThrownBy(() -> WorkflowClient.start(again::run, opening))
        .as("a resolved incident is not reopened")
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
  }
}
