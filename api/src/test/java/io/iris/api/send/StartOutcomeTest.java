package io.iris.api.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iris.api.send.StartOutcome.Kind;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.SendRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowServiceException;
import io.temporal.common.converter.DataConverterException;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which failed starts are worth trying again. */
class StartOutcomeTest {

  static RuntimeException fromServer(Status status) {
    return new WorkflowServiceException(
        WorkflowExecution.newBuilder().setWorkflowId("message-x").build(),
        "MessageSendWorkflow",
        new StatusRuntimeException(status));
  }

  @Test
  void givenRefusalsThatCannotChange_whenClassified_theyShouldEndTheSendAtOnce() {
    for (Status status :
        new Status[] {
          Status.INVALID_ARGUMENT.withDescription("Blob data size exceeds limit."),
          Status.RESOURCE_EXHAUSTED.withDescription(
              "grpc: received message larger than max (5242880 vs. 4194304)"),
          Status.FAILED_PRECONDITION.withDescription("bad request"),
        }) {
      StartOutcome outcome = StartOutcome.of(fromServer(status));
      assertThat(outcome.kind()).as(status.toString()).isEqualTo(Kind.REFUSED);
      assertThat(outcome.code()).isEqualTo(StartOutcome.START_REFUSED);
      assertThat(outcome.reason()).contains(status.getCode().name());
    }
    assertThat(StartOutcome.of(new DataConverterException("cannot encode", null)).kind())
        .isEqualTo(Kind.REFUSED);
  }

  @Test
  void givenFailuresThatMayPass_whenClassified_theyShouldBeRetried() {
    for (Status status :
        new Status[] {
          Status.UNAVAILABLE.withDescription("io exception"),
          Status.DEADLINE_EXCEEDED,
          Status.RESOURCE_EXHAUSTED.withDescription("namespace rate limit exceeded"),
          Status.INTERNAL,
          Status.NOT_FOUND.withDescription("Namespace default is not found."),
        }) {
      assertThat(StartOutcome.of(fromServer(status)).kind())
          .as(status.toString())
          .isEqualTo(Kind.FAILED);
    }
    assertThat(StartOutcome.of(new IllegalStateException("something odd")).kind())
        .isEqualTo(Kind.FAILED);
  }

  @Test
  void givenNoTemporalListening_whenTheRealClientStartsASend_itShouldBeRetriedLater()
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + closedPort)
                .setRpcTimeout(Duration.ofSeconds(1))
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder()
                        .setExpiration(Duration.ofSeconds(2))
                        .validateBuildWithDefaults())
                .build());
    try {
      SendWorkflows workflows = new SendWorkflows(WorkflowClient.newInstance(stubs), false, false);
      String id = UUID.randomUUID().toString();
      RuntimeException failure =
          catchThrowableOfType(
              RuntimeException.class,
              () ->
                  workflows.startSend(
                      new SendRequest(
                          id,
                          UUID.randomUUID().toString(),
                          Channel.SMS,
                          "+14155550100",
                          "",
                          "",
                          "hello",
                          "normal",
                          Map.of(),
                          "")));

      StartOutcome outcome = StartOutcome.of(failure);
      assertThat(outcome.kind()).as(outcome.reason()).isEqualTo(Kind.FAILED);
      assertThat(outcome.reason()).containsAnyOf("UNAVAILABLE", "DEADLINE_EXCEEDED");
    } finally {
      stubs.shutdownNow();
    }
  }
}
