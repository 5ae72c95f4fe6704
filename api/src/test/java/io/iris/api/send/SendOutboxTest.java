package io.iris.api.send;

import static io.iris.schema.jooq.Tables.ANALYTICS_EVENTS;
import static io.iris.schema.jooq.Tables.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iris.activities.send.MessageStore;
import io.iris.activities.send.SendOutbox;
import io.iris.activities.send.SendOutbox.Backoff;
import io.iris.activities.send.SendOutbox.Waiting;
import io.iris.activities.send.SendSettings;
import io.iris.api.support.IsolatedSchema;
import io.iris.api.support.TestClock;
import io.iris.schema.jooq.tables.records.MessagesRecord;
import io.iris.schema.jooq.tables.records.SendOutboxRecord;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.SendRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowServiceException;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * The send outbox and its starter against the real PostgreSQL, in a schema of their own (so the
 * running application's sweep never sees these rows), with Temporal replaced at the {@link
 * SendWorkflows} seam by a fake that answers as the Temporal client does.
 */
class SendOutboxTest {

  static final Duration INITIAL = Duration.ofSeconds(5);
  static final Duration MAX = Duration.ofSeconds(20);
  static final Backoff BACKOFF = new Backoff(INITIAL, MAX);

  static IsolatedSchema schema;
  static DSLContext db;

  final TestClock clock = new TestClock();
  final ObjectMapper json = new ObjectMapper();
  MessageStore messages;
  SendOutbox outbox;
  FakeWorkflows temporal;
  UUID tenantId;

  @BeforeAll
  static void migrate() {
    schema = IsolatedSchema.fresh("send_outbox_test");
    db = schema.db();
  }

  @AfterAll
  static void close() {
    schema.close();
  }

  @BeforeEach
  void setUp() {
    // PostgreSQL keeps microseconds: start on a whole millisecond so times compare exactly.
    clock.advance(
        Duration.between(clock.instant(), clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    db.execute("TRUNCATE send_outbox, analytics_events, messages, tenants CASCADE");
    messages = new MessageStore(db, clock, json);
    outbox = new SendOutbox(db, json, messages);
    temporal = new FakeWorkflows();
    tenantId = UUID.randomUUID();
    db.insertInto(TENANTS)
        .set(TENANTS.ID, tenantId)
        .set(TENANTS.NAME, "outbox-" + tenantId)
        .set(TENANTS.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
        .set(TENANTS.UPDATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
        .execute();
  }

  // --- the store ---------------------------------------------------------------------------

  @Test
  void givenAStartThatKeepsFailing_whenClaimedAgainAndAgain_itsWaitsShouldDoubleUpToTheMaximum() {
    Instant t0 = clock.instant();
    SendRequest send = accepted("hello", Map.of());

    Instant at = t0;
    List<Instant> expectedNext = new ArrayList<>();
    for (int attempt = 1; attempt <= 5; attempt++) {
      assertThat(outbox.claimDue(at.minusMillis(1), 100, BACKOFF))
          .as("not due before its time (attempt %d)", attempt)
          .isEmpty();
      List<Waiting> claimed = outbox.claimDue(at, 100, BACKOFF);
      assertThat(claimed).singleElement().extracting(Waiting::attempts).isEqualTo(attempt);
      Waiting row = outbox.find(id(send)).orElseThrow();
      assertThat(row.lastAttemptAt()).contains(at);
      expectedNext.add(at.plus(BACKOFF.after(attempt)));
      assertThat(row.nextAttemptAt()).isEqualTo(expectedNext.getLast());
      at = row.nextAttemptAt();
    }
    // 5s, 10s, then capped at 20s twice.
    assertThat(expectedNext)
        .containsExactly(
            t0.plusSeconds(5),
            t0.plusSeconds(15),
            t0.plusSeconds(35),
            t0.plusSeconds(55),
            t0.plusSeconds(75));
  }

  @Test
  void givenAFailedFirstStart_whenRecorded_itShouldCountItAndWaitTheFirstBackoff() {
    SendRequest send = accepted("hello", Map.of());
    Instant now = clock.instant();

    assertThat(outbox.recordFailedAttempt(id(send), "UNAVAILABLE: down", now, BACKOFF))
        .isEqualTo(1);

    Waiting row = outbox.find(id(send)).orElseThrow();
    assertThat(row.nextAttemptAt()).isEqualTo(now.plus(INITIAL));
    assertThat(row.lastError()).contains("UNAVAILABLE: down");
    assertThat(outbox.recordFailedAttempt(UUID.randomUUID(), "gone", now, BACKOFF)).isZero();
  }

  @Test
  void givenTheBackoff_whenAttemptsGrowWithoutBound_itShouldStayAtTheMaximum() {
    Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));
    assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8).stream().map(backoff::after).toList())
        .containsExactly(
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(40),
            Duration.ofSeconds(80),
            Duration.ofSeconds(160),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5));
    assertThat(backoff.after(10_000)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void givenTheDefaultSettings_whenTemporalStaysDown_theOutboxShouldKeepTryingForAboutAnHour() {
    Properties yml = new Properties();
    YamlPropertiesFactoryBean factory = new YamlPropertiesFactoryBean();
    factory.setResources(new ClassPathResource("iris-platform.yml"));
    yml.putAll(factory.getObject());
    int maxAttempts = Integer.parseInt(defaultOf(yml, "iris.send.outbox-max-attempts"));
    Backoff backoff =
        new Backoff(
            Duration.parse("PT" + defaultOf(yml, "iris.send.outbox-initial-backoff")),
            Duration.parse("PT" + defaultOf(yml, "iris.send.outbox-max-backoff")));

    Duration triedFor = Duration.ZERO;
    for (int attempt = 1; attempt < maxAttempts; attempt++) {
      triedFor = triedFor.plus(backoff.after(attempt));
    }
    assertThat(triedFor).isBetween(Duration.ofMinutes(60), Duration.ofMinutes(90));
  }

  @Test
  void givenTwoSweepsAtOnce_whenBothClaim_noRowShouldBeClaimedByBoth() throws Exception {
    Set<UUID> all = new HashSet<>();
    for (SendRequest send : acceptedMany(200)) {
      all.add(id(send));
    }
    Instant now = clock.instant();
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<Waiting>>> claims = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        claims.add(
            two.submit(
                () -> {
                  together.await();
                  return outbox.claimDue(now, 150, BACKOFF);
                }));
      }
      List<UUID> first = claims.get(0).get().stream().map(Waiting::messageId).toList();
      List<UUID> second = claims.get(1).get().stream().map(Waiting::messageId).toList();

      assertThat(first).doesNotContainAnyElementsOf(second);
      Set<UUID> union = new HashSet<>(first);
      union.addAll(second);
      assertThat(union).isEqualTo(all);
      assertThat(first.size() + second.size()).isEqualTo(200);
    } finally {
      two.shutdownNow();
    }
  }

  @Test
  void givenAWaitingSend_whenCancelled_itShouldEndCancelledOnceAndNeverBeGivenUpOrStarted()
      throws Exception {
    SendRequest send = accepted("hello", Map.of());

    assertThat(outbox.cancelWaiting(id(send), "customer changed their mind", clock.instant()))
        .isTrue();

    MessageStore.Message m = messages.findById(id(send)).orElseThrow();
    assertThat(m.status()).isEqualTo("cancelled");
    assertThat(m.errorMessage()).isEqualTo("customer changed their mind");
    assertThat(m.completedAt()).isNotNull();
    assertThat(outbox.find(id(send))).isEmpty();
    assertThat(outbox.cancelWaiting(id(send), "again", clock.instant())).isFalse();
    assertThat(outbox.giveUp(id(send), "start_refused", "late", clock.instant())).isFalse();
    assertThat(messages.findById(id(send)).orElseThrow().status()).isEqualTo("cancelled");

    starter(settings(20)).sweep();
    assertThat(temporal.attempts).isEmpty();
  }

  // --- the starter -------------------------------------------------------------------------

  @Test
  void givenFiveHundredSendsThatKeepFailing_whenTheSweepRuns_aSendBehindThemShouldStillStart()
      throws Exception {
    Set<String> failing = new HashSet<>();
    for (SendRequest send : acceptedMany(500)) {
      failing.add(send.messageId());
    }
    clock.advance(Duration.ofSeconds(1));
    SendRequest good = accepted("good", Map.of());
    temporal.answer = r -> failing.contains(r.messageId()) ? unavailable(r) : null;
    SendStarter starter = starter(settings(20));

    int sweeps = 0;
    while (!temporal.started.contains(good.messageId()) && sweeps < 10) {
      starter.sweep();
      sweeps++;
    }

    assertThat(temporal.started).containsExactly(good.messageId());
    // Batches of 100, longest due first: the good send's turn comes in the sixth sweep, and every
    // failing one was tried once, not hammered.
    assertThat(sweeps).isEqualTo(6);
    assertThat(temporal.attempts).hasSize(501);
    assertThat(new HashSet<>(temporal.attempts)).hasSize(501);
    assertThat(outbox.find(id(good))).isEmpty();
    assertThat(outbox.size()).isEqualTo(500);
    assertThat(outbox.find(UUID.fromString(failing.iterator().next())).orElseThrow().attempts())
        .isEqualTo(1);
  }

  @Test
  void givenAStartTemporalRefuses_whenTried_theMessageShouldEndFailedAtOnceWithTheReason()
      throws Exception {
    SendRequest send = accepted("hello", Map.of());
    temporal.answer =
        r ->
            new WorkflowServiceException(
                execution(r),
                "MessageSendWorkflow",
                new StatusRuntimeException(
                    Status.INVALID_ARGUMENT.withDescription("Blob data size exceeds limit.")));

    starter(settings(20)).sweep();

    MessageStore.Message m = messages.findById(id(send)).orElseThrow();
    assertThat(m.status()).isEqualTo("failed");
    assertThat(m.errorCode()).isEqualTo("start_refused");
    assertThat(m.errorMessage()).contains("INVALID_ARGUMENT").contains("Blob data size");
    assertThat(outbox.find(id(send))).isEmpty();
    assertThat(temporal.attempts).hasSize(1);
    assertThat(
            db.fetchCount(
                ANALYTICS_EVENTS,
                ANALYTICS_EVENTS
                    .MESSAGE_ID
                    .eq(id(send))
                    .and(ANALYTICS_EVENTS.EVENT_TYPE.eq("message.failed"))
                    .and(ANALYTICS_EVENTS.ERROR_CODE.eq("start_refused"))))
        .isEqualTo(1);
  }

  @Test
  void givenAStartThatFailsEveryTime_whenTheLastAttemptFails_theMessageShouldEndFailedWithWhy()
      throws Exception {
    SendRequest send = accepted("hello", Map.of());
    temporal.answer = SendOutboxTest::unavailable;
    SendStarter starter = starter(settings(3));

    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(messages.findById(id(send)).orElseThrow().status()).isEqualTo("accepted");
      starter.sweep();
      starter.sweep(); // not due again yet: no attempt
      assertThat(temporal.attempts).hasSize(attempt);
      clock.advance(MAX);
    }

    MessageStore.Message m = messages.findById(id(send)).orElseThrow();
    assertThat(m.status()).isEqualTo("failed");
    assertThat(m.errorCode()).isEqualTo("start_attempts_exhausted");
    assertThat(m.errorMessage()).contains("3 attempts").contains("UNAVAILABLE");
    assertThat(outbox.find(id(send))).isEmpty();
    starter.sweep();
    assertThat(temporal.attempts).hasSize(3);
  }

  @Test
  void givenAStoredSendOverThePayloadLimit_whenSwept_itShouldFailWithoutAskingTemporal()
      throws Exception {
    // Accepted before the limit was checked (or under a larger one).
    SendRequest send = accepted("hello", Map.of("blob", "x".repeat(5_000)));
    SendStarter starter = starter(settings(20), 4_000);

    starter.sweep();

    assertThat(temporal.attempts).isEmpty();
    MessageStore.Message m = messages.findById(id(send)).orElseThrow();
    assertThat(m.status()).isEqualTo("failed");
    assertThat(m.errorCode()).isEqualTo("payload_too_large");
    assertThat(m.errorMessage()).contains("4000");
  }

  @Test
  void givenACancelWhileTheStartWasInFlight_whenTheStartLands_itsWorkflowShouldBeToldToCancel()
      throws Exception {
    SendRequest send = accepted("hello", Map.of());
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch land = new CountDownLatch(1);
    temporal.answer =
        r -> {
          inFlight.countDown();
          waitFor(land);
          return null;
        };
    SendStarter starter = starter(settings(20));

    starter.startSoon(send);
    assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(starter.cancelWaiting(id(send), "stop it")).isTrue();
    assertThat(messages.findById(id(send)).orElseThrow().status()).isEqualTo("cancelled");
    land.countDown();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> temporal.cancelledRunning.contains(send.messageId()));
    assertThat(temporal.cancelReasons.get(send.messageId())).isEqualTo("stop it");
    assertThat(messages.findById(id(send)).orElseThrow().status()).isEqualTo("cancelled");
  }

  @Test
  void givenTheDatabaseIsDown_whenTheSweepLoopRuns_itShouldKeepItsPaceAndNotDie() throws Exception {
    AtomicInteger claims = new AtomicInteger();
    SendOutbox down =
        new SendOutbox(db, json, messages) {
          @Override
          public List<Waiting> claimDue(Instant now, int limit, Backoff backoff) {
            claims.incrementAndGet();
            throw new org.jooq.exception.DataAccessException("Connection refused");
          }
        };
    SendSettings settings = settings(20);
    SendStarter starter =
        new SendStarter(
            down,
            messages,
            temporal,
            new StartPayloads(DefaultDataConverter.newDefaultInstance(), 512 * 1024),
            settings,
            clock);

    starter.start();
    try {
      Thread.sleep(1_000);
      assertThat(starter.isRunning()).isTrue();
      // One try per 100 ms sweep interval: about ten, not thousands.
      assertThat(claims.get()).isBetween(3, 12);
    } finally {
      starter.stop();
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  /** A message accepted now, with its outbox row due at once. */
  SendRequest accepted(String body, Map<String, String> metadata) {
    UUID id = UUID.randomUUID();
    String to = "+1415" + (1_000_000 + (int) (Math.random() * 8_999_999));
    messages.insertOrGet(
        new MessageStore.NewMessage(
            id,
            tenantId,
            "sms",
            to,
            "",
            "",
            "normal",
            Optional.empty(),
            metadata,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            clock.instant()));
    SendRequest send =
        new SendRequest(
            id.toString(),
            tenantId.toString(),
            Channel.SMS,
            to,
            "",
            "",
            body,
            "normal",
            metadata,
            "");
    outbox.add(send, clock.instant(), clock.instant());
    return send;
  }

  /** {@code n} messages accepted now, written in one transaction (as {@link #accepted} would). */
  List<SendRequest> acceptedMany(int n) throws Exception {
    List<SendRequest> sends = new ArrayList<>(n);
    List<MessagesRecord> rows = new ArrayList<>(n);
    List<SendOutboxRecord> waiting = new ArrayList<>(n);
    OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
    for (int i = 0; i < n; i++) {
      UUID id = UUID.randomUUID();
      String to = "+1415" + (1_000_000 + i);
      SendRequest send =
          new SendRequest(
              id.toString(),
              tenantId.toString(),
              Channel.SMS,
              to,
              "",
              "",
              "message " + i,
              "normal",
              Map.of(),
              "");
      sends.add(send);
      MessagesRecord m = new MessagesRecord();
      m.setId(id);
      m.setTenantId(tenantId);
      m.setChannel("sms");
      m.setRecipient(to);
      m.setStatus("accepted");
      m.setCreatedAt(now);
      m.setUpdatedAt(now);
      rows.add(m);
      SendOutboxRecord o = new SendOutboxRecord();
      o.setMessageId(id);
      o.setRequest(JSONB.valueOf(json.writeValueAsString(send)));
      o.setCreatedAt(now);
      o.setNextAttemptAt(now);
      waiting.add(o);
    }
    db.transaction(
        tx -> {
          tx.dsl().batchInsert(rows).execute();
          tx.dsl().batchInsert(waiting).execute();
        });
    return sends;
  }

  SendStarter starter(SendSettings settings) {
    return starter(settings, 512 * 1024);
  }

  SendStarter starter(SendSettings settings, int payloadLimit) {
    return new SendStarter(
        outbox,
        messages,
        temporal,
        new StartPayloads(DefaultDataConverter.newDefaultInstance(), payloadLimit),
        settings,
        clock);
  }

  static SendSettings settings(int maxAttempts) {
    return new SendSettings(
        Map.of(),
        Map.of(),
        Duration.ofMinutes(5),
        3,
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        2.0,
        Duration.ofSeconds(15),
        Duration.ofMinutes(2),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        200,
        100,
        10,
        10_000,
        Duration.ofMillis(100),
        Duration.ZERO,
        16,
        maxAttempts,
        INITIAL,
        MAX,
        100,
        512 * 1024);
  }

  static UUID id(SendRequest send) {
    return UUID.fromString(send.messageId());
  }

  static WorkflowExecution execution(SendRequest r) {
    return WorkflowExecution.newBuilder().setWorkflowId("message-" + r.messageId()).build();
  }

  /** What the Temporal client throws when the server cannot be reached. */
  static RuntimeException unavailable(SendRequest r) {
    return new WorkflowServiceException(
        execution(r),
        "MessageSendWorkflow",
        new StatusRuntimeException(Status.UNAVAILABLE.withDescription("io exception")));
  }

  static void waitFor(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code ${VARIABLE:default}} → default. */
  static String defaultOf(Properties yml, String key) {
    Matcher m = Pattern.compile("\\$\\{[A-Z_]+:([^}]*)}").matcher(yml.getProperty(key));
    assertThat(m.matches()).as(key).isTrue();
    return m.group(1);
  }

  /**
   * Temporal at the seam: {@code answer} says what a start throws (null: it starts). Signals reach
   * only workflows it started, as with the real server.
   */
  static class FakeWorkflows extends SendWorkflows {
    volatile Function<SendRequest, RuntimeException> answer = r -> null;
    final List<String> attempts = new CopyOnWriteArrayList<>();
    final Set<String> started = ConcurrentHashMap.newKeySet();
    final Set<String> cancelledRunning = ConcurrentHashMap.newKeySet();
    final Map<String, String> cancelReasons = new ConcurrentHashMap<>();

    FakeWorkflows() {
      super(null, false, false);
    }

    @Override
    public void startSend(SendRequest request) {
      attempts.add(request.messageId());
      RuntimeException failure = answer.apply(request);
      if (failure != null) {
        throw failure;
      }
      started.add(request.messageId());
    }

    @Override
    public boolean cancelSend(String messageId, String reason) {
      if (!started.contains(messageId)) {
        return false;
      }
      cancelledRunning.add(messageId);
      cancelReasons.put(messageId, reason);
      return true;
    }
  }
}
