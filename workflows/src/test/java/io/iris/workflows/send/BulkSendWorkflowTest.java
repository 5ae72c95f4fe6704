package io.iris.workflows.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.common.Histories;
import io.iris.workflows.common.TestDependencyRetry;
import io.iris.workflows.common.WorkflowCatalog;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BulkSendWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      MessageSendWorkflowTest.registerSearchAttributes(TestWorkflowExtension.newBuilder())
          .registerWorkflowImplementationTypes(
              TestDependencyRetry.OPTIONS, WorkflowCatalog.implementations())
          .setDoNotStart(true)
          .build();

  /** A batch of Slack messages (no receipts), served page by page. */
  static final class Pages implements BulkActivities {
    final List<String> pagesAsked = new CopyOnWriteArrayList<>();
    final List<String> cancelledUnstarted = new CopyOnWriteArrayList<>();
    volatile java.util.concurrent.CountDownLatch holdFirstPage =
        new java.util.concurrent.CountDownLatch(0);

    @Override
    public void cancelUnstarted(String batchId, List<String> messageIds) {
      cancelledUnstarted.addAll(messageIds);
    }

    @Override
    public List<SendRequest> prepareBatchPage(String batchId, int offset, int limit) {
      pagesAsked.add(offset + "+" + limit);
      try {
        holdFirstPage.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<SendRequest> page = new ArrayList<>();
      for (int i = offset; i < offset + limit; i++) {
        page.add(
            new SendRequest(
                UUID.nameUUIDFromBytes((batchId + "/" + i).getBytes()).toString(),
                "00000000-0000-0000-0000-0000000000aa",
                Channel.SLACK,
                "C" + i,
                "",
                "",
                "hi",
                "normal",
                Map.of(),
                batchId));
      }
      return page;
    }
  }

  /** Registers the fakes (Slack only, no receipts) and starts the environment. */
  private static SendFakes.Records start(
      TestWorkflowEnvironment env, Worker worker, Pages pages, SendFakes.Providers providers) {
    SendFakes.Records records = new SendFakes.Records();
    records.plan = SendFakes.plan(List.of("slack"));
    worker.registerActivitiesImplementations(pages, providers, records);
    env.start();
    return records;
  }

  private static BulkSendWorkflow batch(WorkflowClient client, Worker worker, String batchId) {
    return client.newWorkflowStub(
        BulkSendWorkflow.class,
        BulkSendStart.options(batchId, "00000000-0000-0000-0000-0000000000aa", Channel.SLACK)
            .toBuilder()
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  @Test
  void givenABatchLargerThanOneRun_itShouldStartEverySendOnceAcrossContinueAsNew(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Pages pages = new Pages();
    SendFakes.Providers providers = new SendFakes.Providers().accepting("slack");
    SendFakes.Records records = start(env, worker, pages, providers);

    String batchId = UUID.randomUUID().toString();
    BulkSendWorkflow wf = batch(client, worker, batchId);
    // 7 recipients, pages of 2, one page per run: the workflow continues as new three times.
    BulkProgress end =
        wf.run(
            new BulkSendRequest(
                batchId, "00000000-0000-0000-0000-0000000000aa", Channel.SLACK, 7, 2, 1, 0));

    assertThat(end.started()).as(end.toString()).isEqualTo(7);
    assertThat(end.done()).isTrue();
    assertThat(pages.pagesAsked).containsExactly("0+2", "2+2", "4+2", "6+1");
    env.sleep(java.time.Duration.ofSeconds(5));
    assertThat(providers.callsTo("slack")).isEqualTo(7);
    assertThat(records.finals)
        .extracting(MessageFinal::messageId)
        .doesNotHaveDuplicates()
        .hasSize(7);
    Histories.record(client, BulkSendWorkflow.workflowId(batchId), "bulk-continued");
  }

  @Test
  void givenACancelledBatch_itShouldStopStartingSends(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    Pages pages = new Pages();
    SendFakes.Providers providers = new SendFakes.Providers().accepting("slack");
    SendFakes.Records records = start(env, worker, pages, providers);

    String batchId = UUID.randomUUID().toString();
    BulkSendWorkflow wf = batch(client, worker, batchId);
    WorkflowClient.start(
        wf::run,
        new BulkSendRequest(
            batchId, "00000000-0000-0000-0000-0000000000aa", Channel.SLACK, 1000, 2, 1000, 0));
    wf.cancel("stop");
    BulkProgress end = WorkflowStub.fromTyped(wf).getResult(BulkProgress.class);
    assertThat(end.cancelled()).isTrue();
    assertThat(end.done()).isTrue();
    assertThat(end.started()).isLessThan(1000);
    assertThat(pages.pagesAsked.size()).isLessThan(500);
  }

  @Test
  void givenACancelWhileAPageIsPrepared_thatPagesRowsShouldEndCancelledNotAccepted(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) throws Exception {
    Pages pages = new Pages();
    pages.holdFirstPage = new java.util.concurrent.CountDownLatch(1);
    SendFakes.Providers providers = new SendFakes.Providers().accepting("slack");
    SendFakes.Records records = start(env, worker, pages, providers);

    String batchId = UUID.randomUUID().toString();
    BulkSendWorkflow wf = batch(client, worker, batchId);
    WorkflowClient.start(
        wf::run,
        new BulkSendRequest(
            batchId, "00000000-0000-0000-0000-0000000000aa", Channel.SLACK, 3, 3, 10, 0));
    while (pages.pagesAsked.isEmpty()) {
      Thread.sleep(20);
    }
    wf.cancel("stop"); // while the first page's rows are being written
    pages.holdFirstPage.countDown();

    BulkProgress end = WorkflowStub.fromTyped(wf).getResult(BulkProgress.class);
    assertThat(end.cancelled()).isTrue();
    assertThat(end.started()).isZero();
    assertThat(providers.callsTo("slack")).isZero();
    assertThat(pages.cancelledUnstarted)
        .containsExactlyElementsOf(
            List.of(0, 1, 2).stream()
                .map(i -> UUID.nameUUIDFromBytes((batchId + "/" + i).getBytes()).toString())
                .toList());
    Histories.record(client, BulkSendWorkflow.workflowId(batchId), "bulk-cancelled-mid-page");
  }
}
