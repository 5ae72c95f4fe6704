package io.iris.workflows.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.workflows.common.Histories;
import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.common.TestDependencyRetry;
import io.iris.workflows.common.WorkflowCatalog;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The send workflow against scripted providers, in Temporal's time-skipping test server. */
class MessageSendWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      registerSearchAttributes(TestWorkflowExtension.newBuilder())
          .registerWorkflowImplementationTypes(
              TestDependencyRetry.OPTIONS, WorkflowCatalog.implementations())
          .setWorkerOptions(io.temporal.worker.WorkerOptions.getDefaultInstance())
          .setDoNotStart(true)
          .build();

  static TestWorkflowExtension.Builder registerSearchAttributes(TestWorkflowExtension.Builder b) {
    SearchAttributes.ALL.forEach(
        key ->
            b.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    return b;
  }

  SendFakes.Providers providers;
  SendFakes.Records records;

  @BeforeEach
  void fakes() {
    providers = new SendFakes.Providers();
    records = new SendFakes.Records();
  }

  private MessageSendWorkflow start(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker, SendRequest request) {
    worker.registerActivitiesImplementations(providers, records);
    env.start();
    MessageSendWorkflow wf =
        client.newWorkflowStub(
            MessageSendWorkflow.class,
            MessageSendStart.options(request, false).toBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(wf::send, request);
    return wf;
  }

  private static MessageState result(WorkflowClient client, String messageId) {
    return WorkflowStub.fromTyped(
            client.newWorkflowStub(
                MessageSendWorkflow.class, MessageSendWorkflow.workflowId(messageId)))
        .getResult(MessageState.class);
  }

  private static DeliveryReceipt receipt(
      String provider, String id, ReceiptStatus status, String eventId) {
    return new DeliveryReceipt(provider, id, status, "", "", eventId);
  }

  /** Waits (real time, at most 10 s) until the provider's call has begun. */
  private static void waitForCall(SendFakes.Providers providers, String provider) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (providers.callsTo(provider) == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(provider + " was never called");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }

  @Test
  void givenAnSms_whenTheProviderTakesItAndReportsDelivery_itShouldEndDelivered(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.accepting("twilio");
    String id = newId();
    MessageSendWorkflow wf = start(env, client, worker, SendFakes.sms(id));

    env.sleep(Duration.ofSeconds(2));
    assertThat(wf.status().status()).isEqualTo(MessageStatus.SENT);
    wf.deliveryReceipt(receipt("twilio", "twilio-id-" + id, ReceiptStatus.DELIVERED, "e1"));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(end.provider()).isEqualTo("twilio");
    assertThat(end.costUsd()).isEqualByComparingTo("0.0079");
    assertThat(providers.callsTo("telnyx")).isZero();
    assertThat(records.finals)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.status()).isEqualTo(MessageStatus.DELIVERED);
              assertThat(f.attemptCount()).isEqualTo(1);
            });
    assertThat(records.registered).containsExactly(id);
    Histories.record(client, MessageSendWorkflow.workflowId(id), "send-v2-delivered");
  }

  @Test
  void givenADeliveredSms_itShouldCostTheEngineTwoWorkflowTasksAndNoActivityTask(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.accepting("twilio");
    String id = newId();
    MessageSendWorkflow wf = start(env, client, worker, SendFakes.sms(id));
    env.sleep(Duration.ofSeconds(2));
    wf.deliveryReceipt(receipt("twilio", "twilio-id-" + id, ReceiptStatus.DELIVERED, "e1"));
    assertThat(result(client, id).status()).isEqualTo(MessageStatus.DELIVERED);

    var events =
        client.fetchHistory(MessageSendWorkflow.workflowId(id)).getHistory().getEventsList();
    Map<EventType, Long> byType =
        events.stream()
            .collect(Collectors.groupingBy(e -> e.getEventType(), Collectors.counting()));
    // The provider call is a local activity in the first workflow task; the receipt's signal
    // makes the second.
    assertThat(byType.get(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).isEqualTo(2);
    assertThat(byType).doesNotContainKey(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    // One upsert of status and provider per workflow task, not one per change.
    assertThat(byType.get(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES)).isEqualTo(2);
    assertThat(events).hasSize(17);
    assertThat(providers.callsTo("twilio")).isEqualTo(1);
    assertThat(records.outcomes()).containsExactly("twilio:accepted");
  }

  @Test
  void givenARetryAfter_whenTheProviderIsBusy_itShouldWaitThatLongBeforeTheNextTry(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers
        .failingOnceWithRetryAfter("twilio", SendFailures.RATE_LIMITED, Duration.ofSeconds(40))
        .accepting("telnyx");
    String id = newId();
    start(env, client, worker, SendFakes.sms(id));

    env.sleep(Duration.ofSeconds(39));
    assertThat(providers.callsTo("twilio")).as("before the Retry-After").isEqualTo(1);
    env.sleep(Duration.ofSeconds(2));
    assertThat(providers.callsTo("twilio")).as("after the Retry-After").isEqualTo(2);
    assertThat(providers.callsTo("telnyx")).isZero();
    assertThat(providers.idempotencyKeys).containsOnly("twilio=" + id + ":0");
  }

  @Test
  void givenASwitchAway_whileTheCallIsInFlight_itShouldSeeTheCallThroughAndNotSendElsewhere(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.slowAccepting("twilio", Duration.ofMillis(1500)).accepting("telnyx");
    String id = newId();
    MessageSendWorkflow wf = start(env, client, worker, SendFakes.sms(id));
    waitForCall(providers, "twilio");
    wf.switchProvider("twilio");
    wf.deliveryReceipt(receipt("twilio", "twilio-id", ReceiptStatus.DELIVERED, "e1"));

    MessageState end = result(client, id);
    // Twilio took the message while the switch was on its way: sending it elsewhere would send it
    // twice.
    assertThat(end.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(end.provider()).isEqualTo("twilio");
    assertThat(providers.callsTo("telnyx")).isZero();
    assertThat(records.outcomes()).containsExactly("twilio:accepted");
  }

  @Test
  void givenAProviderFailingTwice_whenRetried_itShouldSendThroughItWithOneIdempotencyKey(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.failingTimes("twilio", 2, SendFailures.UNAVAILABLE).accepting("telnyx");
    String id = newId();
    MessageSendWorkflow wf = start(env, client, worker, SendFakes.sms(id));
    env.sleep(Duration.ofSeconds(30));
    wf.deliveryReceipt(receipt("twilio", "twilio-id", ReceiptStatus.DELIVERED, "e1"));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(end.provider()).isEqualTo("twilio");
    assertThat(providers.callsTo("twilio")).isEqualTo(3);
    assertThat(providers.callsTo("telnyx")).isZero();
    // Every retry carried the same key, so the provider can never send it twice.
    assertThat(providers.idempotencyKeys).containsOnly("twilio=" + id + ":0");
  }

  @Test
  void givenAProviderThatKeepsFailing_itShouldFailOverToTheNextWithoutSendingTwice(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.failing("twilio", SendFailures.UNAVAILABLE).accepting("telnyx");
    String id = newId();
    MessageSendWorkflow wf = start(env, client, worker, SendFakes.sms(id));
    env.sleep(Duration.ofMinutes(1));
    wf.deliveryReceipt(receipt("telnyx", "telnyx-id-" + id, ReceiptStatus.DELIVERED, "t1"));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(end.provider()).isEqualTo("telnyx");
    assertThat(providers.callsTo("twilio")).isEqualTo(3);
    assertThat(providers.callsTo("telnyx")).isEqualTo(1);
    assertThat(records.outcomes()).containsExactly("twilio:failed", "telnyx:accepted");
    assertThat(providers.idempotencyKeys).contains("telnyx=" + id + ":1");
    Histories.record(client, MessageSendWorkflow.workflowId(id), "send-v2-failover");
  }

  @Test
  void givenATimeout_whenTheProviderSaysItHasTheMessage_itShouldNotSendElsewhere(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.failing("twilio", SendFailures.TIMEOUT).accepting("telnyx");
    providers.reconcile = new ReconcileResult(true, true, "SMfound");
    String id = newId();
    MessageSendWorkflow wf = start(env, client, worker, SendFakes.sms(id));
    // Past the grace period for receipts (2 min in the fakes' plan): then it is asked.
    env.sleep(Duration.ofMinutes(3));
    wf.deliveryReceipt(receipt("twilio", "SMfound", ReceiptStatus.DELIVERED, "x"));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(end.providerMessageId()).isEqualTo("SMfound");
    assertThat(providers.callsTo("telnyx")).isZero();
    assertThat(records.outcomes()).containsExactly("twilio:reconciled");
    Histories.record(client, MessageSendWorkflow.workflowId(id), "send-v2-reconciled");
  }

  @Test
  void givenATimeout_whenTheProviderSaysItHasNoSuchMessage_itShouldFailOver(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.failing("twilio", SendFailures.TIMEOUT).accepting("telnyx");
    providers.reconcile = new ReconcileResult(true, false, "");
    String id = newId();
    start(env, client, worker, SendFakes.sms(id));
    // Past the grace period for receipts (2 min in the fakes' plan): then it is asked.
    env.sleep(Duration.ofMinutes(3));

    assertThat(providers.callsTo("telnyx")).isEqualTo(1);
    assertThat(records.attempts.get(0).error()).contains("confirms it has no such message");
  }

  @Test
  void givenAnInvalidRecipient_itShouldFailAtOnceWithoutFailover(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.failing("twilio", SendFailures.INVALID_RECIPIENT).accepting("telnyx");
    String id = newId();
    start(env, client, worker, SendFakes.sms(id));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.FAILED);
    assertThat(providers.callsTo("twilio")).isEqualTo(1);
    assertThat(providers.callsTo("telnyx")).isZero();
    assertThat(records.finals.get(0).errorCode()).isEqualTo(SendFailures.INVALID_RECIPIENT);
    Histories.record(client, MessageSendWorkflow.workflowId(id), "send-v2-invalid-recipient");
  }

  @Test
  void givenASuppressedRecipient_itShouldEndSuppressedWithoutCallingAProvider(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.accepting("twilio");
    records.policy = new PolicyDecision(PolicyDecision.Verdict.SUPPRESS, "on the list (bounce)");
    String id = newId();
    start(env, client, worker, SendFakes.sms(id));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.SUPPRESSED);
    assertThat(end.error()).contains("bounce");
    assertThat(providers.calls).isEmpty();
    Histories.record(client, MessageSendWorkflow.workflowId(id), "send-v2-suppressed");
  }

  @Test
  void givenNoReceipt_whenTheProviderCannotBeAsked_itShouldExpireAfterTheReceiptTimeout(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.accepting("twilio");
    String id = newId();
    start(env, client, worker, SendFakes.sms(id));
    long before = env.currentTimeMillis();

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.EXPIRED);
    assertThat(end.error()).contains("no delivery receipt within PT10M");
    assertThat(env.currentTimeMillis() - before)
        .isGreaterThanOrEqualTo(Duration.ofMinutes(10).toMillis());
    Histories.record(client, MessageSendWorkflow.workflowId(id), "send-v2-expired");
  }

  @Test
  void givenNoReceipt_whenTheProviderSaysDelivered_itShouldEndDelivered(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.accepting("plivo");
    providers.delivery = new DeliveryCheck(true, ReceiptStatus.DELIVERED);
    records.plan = SendFakes.plan(List.of("plivo"));
    String id = newId();
    start(env, client, worker, SendFakes.sms(id));

    assertThat(result(client, id).status()).isEqualTo(MessageStatus.DELIVERED);
  }

  @Test
  void givenReceiptsOutOfOrderAndTwice_itShouldOnlyMoveForward(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.accepting("twilio");
    String id = newId();
    MessageSendWorkflow wf = start(env, client, worker, SendFakes.sms(id));
    env.sleep(Duration.ofSeconds(1));
    String pid = "twilio-id-" + id;
    wf.deliveryReceipt(receipt("twilio", pid, ReceiptStatus.DELIVERED, "d"));
    wf.deliveryReceipt(receipt("twilio", pid, ReceiptStatus.SENT, "s"));
    wf.deliveryReceipt(receipt("twilio", pid, ReceiptStatus.DELIVERED, "d"));

    assertThat(result(client, id).status()).isEqualTo(MessageStatus.DELIVERED);
    // Local activities run at least once (a signal racing the completion re-runs the last task);
    // whatever ran, it recorded the same end.
    assertThat(records.finals)
        .extracting(MessageFinal::status)
        .containsOnly(MessageStatus.DELIVERED);
  }

  @Test
  void givenAHardBounce_itShouldSuppressTheRecipientAndEndUndelivered(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.accepting("sendgrid");
    records.plan = SendFakes.plan(List.of("sendgrid"));
    String id = newId();
    SendRequest email =
        new SendRequest(
            id,
            "00000000-0000-0000-0000-0000000000aa",
            Channel.EMAIL,
            "gone@example.com",
            "",
            "Hi",
            "text",
            "normal",
            java.util.Map.of(),
            "");
    MessageSendWorkflow wf = start(env, client, worker, email);
    env.sleep(Duration.ofSeconds(1));
    wf.deliveryReceipt(receipt("sendgrid", "", ReceiptStatus.BOUNCED, "b1"));

    assertThat(result(client, id).status()).isEqualTo(MessageStatus.UNDELIVERED);
    assertThat(records.suppressed).containsExactly("email:gone@example.com:bounce");
    Histories.record(client, MessageSendWorkflow.workflowId(id), "send-v2-bounced");
  }

  @Test
  void givenACancel_whileTheProviderIsStillFailing_itShouldStopWithoutFailingOver(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.failing("twilio", SendFailures.UNAVAILABLE).accepting("telnyx");
    records.plan =
        new SendPlan(
            List.of("twilio", "telnyx"),
            Duration.ofMinutes(10),
            10,
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            1.0,
            Duration.ofSeconds(15),
            Duration.ofMinutes(2),
            false,
            "configured order");
    String id = newId();
    MessageSendWorkflow wf = start(env, client, worker, SendFakes.sms(id));
    env.sleep(Duration.ofMinutes(1));
    wf.cancel("customer withdrew it");

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.CANCELLED);
    assertThat(end.error()).isEqualTo("customer withdrew it");
    assertThat(providers.callsTo("telnyx")).isZero();
    Histories.record(client, MessageSendWorkflow.workflowId(id), "send-v2-cancelled");
  }

  @Test
  void givenASwitchAwayFromTheProvider_itShouldMoveToTheNext(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.failing("twilio", SendFailures.UNAVAILABLE).accepting("telnyx");
    records.plan =
        new SendPlan(
            List.of("twilio", "telnyx"),
            Duration.ofMinutes(10),
            10,
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            1.0,
            Duration.ofSeconds(15),
            Duration.ofMinutes(2),
            false,
            "configured order");
    String id = newId();
    MessageSendWorkflow wf = start(env, client, worker, SendFakes.sms(id));
    env.sleep(Duration.ofMinutes(1));
    wf.switchProvider("twilio");
    env.sleep(Duration.ofSeconds(5));

    assertThat(providers.callsTo("telnyx")).isEqualTo(1);
    assertThat(providers.callsTo("twilio")).isLessThan(10);
    assertThat(records.outcomes()).containsExactly("twilio:switched_away", "telnyx:accepted");
  }

  @Test
  void givenAChannelWithoutReceipts_acceptanceShouldBeDelivery(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.accepting("slack");
    records.plan = SendFakes.plan(List.of("slack"));
    String id = newId();
    start(
        env,
        client,
        worker,
        new SendRequest(
            id,
            "00000000-0000-0000-0000-0000000000aa",
            Channel.SLACK,
            "C123",
            "",
            "",
            "deploy done",
            "normal",
            java.util.Map.of(),
            ""));

    assertThat(result(client, id).status()).isEqualTo(MessageStatus.DELIVERED);
  }

  @Test
  void givenEveryProviderFailing_itShouldEndFailedNamingTheLastError(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.failing("twilio", SendFailures.UNAVAILABLE).failing("telnyx", SendFailures.REJECTED);
    String id = newId();
    start(env, client, worker, SendFakes.sms(id));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.FAILED);
    assertThat(end.error()).contains("telnyx answered REJECTED");
    assertThat(providers.callsTo("telnyx")).isEqualTo(1); // not retried: REJECTED is permanent
  }

  // --- Ambiguous outcomes: a provider that may have the message (issue 7, defect 1) ---

  @Test
  void givenTimeouts_whenTheProvidersReceiptArrivesDuringTheRetries_itShouldAcceptItAndNotFailOver(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.failing("twilio", SendFailures.TIMEOUT).accepting("telnyx");
    String id = newId();
    MessageSendWorkflow wf = start(env, client, worker, SendFakes.sms(id));
    env.sleep(Duration.ofMillis(500));
    wf.deliveryReceipt(receipt("twilio", "SMslow", ReceiptStatus.DELIVERED, "r1"));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(end.provider()).isEqualTo("twilio");
    assertThat(end.providerMessageId()).isEqualTo("SMslow");
    assertThat(providers.callsTo("telnyx")).isZero();
    assertThat(records.outcomes()).containsExactly("twilio:accepted");
    assertThat(records.attempts.get(0).error())
        .contains("receipt (delivered) proves it took the message")
        .contains("not failed over");
    Histories.record(client, MessageSendWorkflow.workflowId(id), "send-v2-receipt-during-retries");
  }

  @Test
  void givenTimeouts_whenANonFinalReceiptArrivesInTheGracePeriod_itShouldWaitForTheFinalOne(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.failing("twilio", SendFailures.TIMEOUT).accepting("telnyx");
    String id = newId();
    MessageSendWorkflow wf = start(env, client, worker, SendFakes.sms(id));
    env.sleep(Duration.ofSeconds(30)); // the retries are over; the grace period runs
    assertThat(wf.status().status()).isEqualTo(MessageStatus.SENDING);
    wf.deliveryReceipt(receipt("twilio", "SMlate", ReceiptStatus.SENT, "r1"));
    env.sleep(Duration.ofSeconds(1));
    assertThat(wf.status().status()).isEqualTo(MessageStatus.SENT);
    wf.deliveryReceipt(receipt("twilio", "SMlate", ReceiptStatus.DELIVERED, "r2"));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(providers.callsTo("telnyx")).isZero();
    assertThat(records.outcomes()).containsExactly("twilio:accepted");
  }

  @Test
  void givenTimeouts_whenTheProviderCannotBeAskedAndNoReceiptComes_itShouldEndExpiredNotDoubled(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.failing("twilio", SendFailures.TIMEOUT).accepting("telnyx");
    providers.reconcile = new ReconcileResult(false, false, "");
    String id = newId();
    start(env, client, worker, SendFakes.sms(id));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.EXPIRED);
    assertThat(providers.callsTo("telnyx")).isZero();
    assertThat(records.outcomes()).containsExactly("twilio:unknown");
    assertThat(end.error()).contains("may have the message").contains("at most once");
    assertThat(records.finals)
        .singleElement()
        .satisfies(f -> assertThat(f.errorCode()).isEqualTo("outcome_unknown"));
    Histories.record(client, MessageSendWorkflow.workflowId(id), "send-v2-outcome-unknown");
  }

  @Test
  void givenAtLeastOnce_whenTheProviderCannotBeAskedAndNoReceiptComes_itShouldFailOver(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.failing("twilio", SendFailures.TIMEOUT).accepting("telnyx");
    SendPlan p = SendFakes.plan(List.of("twilio", "telnyx"));
    records.plan =
        new SendPlan(
            p.providers(),
            p.receiptTimeout(),
            p.maxAttemptsPerProvider(),
            p.initialRetryInterval(),
            p.maxRetryInterval(),
            p.backoff(),
            p.sendTimeout(),
            p.ambiguousGrace(),
            true,
            p.routeReason());
    String id = newId();
    start(env, client, worker, SendFakes.sms(id));
    env.sleep(Duration.ofMinutes(3));

    assertThat(providers.callsTo("telnyx")).isEqualTo(1);
    assertThat(records.attempts.get(0).error()).contains("at-least-once");
  }

  @Test
  void givenAnAskingProviderThatIsDown_whenTheOutcomeIsAmbiguous_itShouldNotFailTheWorkflow(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.failing("twilio", SendFailures.TIMEOUT).accepting("telnyx");
    providers.reconcileFailure = SendFailures.UNAVAILABLE;
    String id = newId();
    start(env, client, worker, SendFakes.sms(id));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.EXPIRED);
    assertThat(end.error()).contains("asking it failed");
    assertThat(providers.callsTo("telnyx")).isZero();
  }

  @Test
  void givenNoReceipt_whenTheStatusPollFails_itShouldExpireRatherThanFail(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.accepting("twilio");
    providers.deliveryFailure = SendFailures.UNAVAILABLE;
    String id = newId();
    start(env, client, worker, SendFakes.sms(id));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.EXPIRED);
  }

  // --- The database down under a send (issue 7, defect 0) ---

  @Test
  void givenTheDatabaseHangsLongerThanOneAttempt_whenPreparing_itShouldRetryAndSend(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.accepting("slack");
    records.plan = SendFakes.plan(List.of("slack"));
    records.outage = new SendFakes.Outage(1, Duration.ofSeconds(3)); // attempts time out at 2 s
    String id = newId();
    start(env, client, worker, SendFakes.slack(id));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(records.prepareCalls.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void givenTheDatabaseRefusingConnections_whenPreparing_itShouldRetryUntilItAnswers(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    providers.accepting("slack");
    records.plan = SendFakes.plan(List.of("slack"));
    records.outage = new SendFakes.Outage(6, Duration.ZERO);
    String id = newId();
    start(env, client, worker, SendFakes.slack(id));

    MessageState end = result(client, id);
    assertThat(end.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(records.prepareCalls.get()).isEqualTo(7);
    assertThat(records.finals).singleElement();
  }

  static String taskQueue() {
    return TaskQueues.SEND;
  }
}
