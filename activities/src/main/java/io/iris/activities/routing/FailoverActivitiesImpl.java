package io.iris.activities.routing;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.iris.activities.remediation.AnomalyDetectionTrigger;
import io.iris.activities.routing.HealthStorage.Figures;
import io.iris.activities.routing.HealthStorage.Key;
import io.iris.activities.routing.ProviderRoutingStore.RoutingState;
import io.iris.integrations.spi.OutboundMessage;
import io.iris.integrations.spi.ProviderAdapter;
import io.iris.integrations.spi.ProviderRegistry;
import io.iris.workflows.common.SearchAttributes;
import io.iris.workflows.common.TaskQueues;
import io.iris.workflows.routing.FailoverActivities;
import io.iris.workflows.routing.FailoverMark;
import io.iris.workflows.routing.FailoverRequest;
import io.iris.workflows.routing.HealthCheck;
import io.iris.workflows.routing.ProviderStatus;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.MessageSendWorkflow;
import io.iris.workflows.send.MessageStatus;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.spring.boot.ActivityImpl;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

@Component
@ActivityImpl(taskQueues = TaskQueues.OPERATIONS)
public class FailoverActivitiesImpl implements FailoverActivities {

  private static final Logger log = LoggerFactory.getLogger(FailoverActivitiesImpl.class);

  /** The send workflow's signal that moves it off a provider. */
  static final String SWITCH_PROVIDER = "switchProvider";

  static final int PAGE_SIZE = 200;

  private final ProviderRoutingStore routing;
  private final HealthStorage storage;
  private final ChannelProviders providers;
  private final ProviderRegistry registry;
  private final WorkflowClient client;
  private final FailoverSettings settings;
  private final Clock clock;
  private final AnomalyDetectionTrigger detection;

  public FailoverActivitiesImpl(
      ProviderRoutingStore routing,
      HealthStorage storage,
      ChannelProviders providers,
      ProviderRegistry registry,
      WorkflowClient client,
      FailoverSettings settings,
      Clock clock,
      AnomalyDetectionTrigger detection) {
    this.routing = routing;
    this.storage = storage;
    this.providers = providers;
    this.registry = registry;
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.detection = detection;
  }

  @Override
  public FailoverMark markFailedOver(FailoverRequest request, int flaps) {
    RoutingState state = routing.markFailedOver(request, flaps, clock.instant());
    log.info(
        "{} failed over on {} ({}): {}",
        request.provider(),
        request.channel().wireName(),
        request.trigger().wireName(),
        request.reason());
    // After the mark's transaction, so the detection run sees the failed-over row.
    detection.afterFailover(request.trigger());
    return new FailoverMark(
        alternativeExists(request.provider(), request.channel()), state.since().toEpochMilli());
  }

  /** Whether another enabled provider of the channel is not failed over. */
  boolean alternativeExists(String provider, Channel channel) {
    List<String> failedOver =
        routing.all().stream()
            .filter(s -> s.channel() == channel && s.status() == ProviderStatus.FAILED_OVER)
            .map(RoutingState::provider)
            .toList();
    return providers.of(channel).stream()
        .anyMatch(p -> !p.equals(provider) && !failedOver.contains(p));
  }

  /** The visibility query of the channel's running sends that have not been sent yet. */
  static String inFlightQuery(Channel channel) {
    return "WorkflowType = '"
        + MessageSendWorkflow.class.getSimpleName()
        + "' AND ExecutionStatus = 'Running' AND "
        + SearchAttributes.CHANNEL.getName()
        + " = '"
        + channel.wireName()
        + "' AND ("
        + SearchAttributes.MESSAGE_STATUS.getName()
        + " = '"
        + MessageStatus.ACCEPTED.wireName()
        + "' OR "
        + SearchAttributes.MESSAGE_STATUS.getName()
        + " = '"
        + MessageStatus.SENDING.wireName()
        + "')";
  }

  @Override
  public int drainInFlight(String provider, Channel channel) {
    if (!alternativeExists(provider, channel)) {
      log.info("{} is the last usable provider on {}: nothing drained", provider, channel);
      return 0;
    }
    ActivityExecutionContext context = Activity.getExecutionContext();
    // A retried attempt goes on from the page the last one reached.
    int signalled =
        drain(provider, channel, context.getHeartbeatDetails(String.class), context::heartbeat);
    log.info("drained {} in-flight sends on {} off {}", signalled, channel.wireName(), provider);
    return signalled;
  }

  /**
   * The drain itself: lists the channel's unsent running sends a page at a time from {@code
   * resumeToken} (a page token, base64) and signals each, {@code drainConcurrency} at once,
   * reporting each next page token to {@code heartbeat}. A server without visibility queries (the
   * in-process test server) drains nothing: those sends fail over after their own retries.
   *
   * @return how many sends were signalled
   */
  public int drain(
      String provider,
      Channel channel,
      Optional<String> resumeToken,
      java.util.function.Consumer<String> heartbeat) {
    ByteString token =
        resumeToken
            .filter(t -> !t.isEmpty())
            .map(t -> ByteString.copyFrom(Base64.getDecoder().decode(t)))
            .orElse(ByteString.EMPTY);
    String namespace = client.getOptions().getNamespace();
    AtomicInteger signalled = new AtomicInteger();
    Semaphore slots = new Semaphore(settings.drainConcurrency());
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      do {
        ListWorkflowExecutionsResponse page;
        try {
          page =
              client
                  .getWorkflowServiceStubs()
                  .blockingStub()
                  .listWorkflowExecutions(
                      ListWorkflowExecutionsRequest.newBuilder()
                          .setNamespace(namespace)
                          .setQuery(inFlightQuery(channel))
                          .setPageSize(PAGE_SIZE)
                          .setNextPageToken(token)
                          .build());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
            log.warn("this Temporal server lists no workflows: in-flight sends not drained");
            return signalled.get();
          }
          throw e;
        }
        List<Future<?>> sent = new ArrayList<>();
        for (WorkflowExecutionInfo info : page.getExecutionsList()) {
          String workflowId = info.getExecution().getWorkflowId();
          slots.acquireUninterruptibly();
          sent.add(
              pool.submit(
                  () -> {
                    try {
                      client.newUntypedWorkflowStub(workflowId).signal(SWITCH_PROVIDER, provider);
                      signalled.incrementAndGet();
                    } catch (WorkflowNotFoundException ended) {
                      // It ended meanwhile: nothing to move.
                    } finally {
                      slots.release();
                    }
                  }));
        }
        for (Future<?> f : sent) {
          try {
            f.get();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("drain interrupted", e);
          } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("signalling a send failed", e.getCause());
          }
        }
        token = page.getNextPageToken();
        heartbeat.accept(Base64.getEncoder().encodeToString(token.toByteArray()));
      } while (!token.isEmpty());
    }
    return signalled.get();
  }

  @Override
  public HealthCheck checkHealth(
      String provider, Channel channel, String failoverId, int checkNumber, long fromMillis) {
    Instant now = clock.instant();
    Instant from = HealthActivitiesImpl.ceilToMinute(Instant.ofEpochMilli(fromMillis));
    if (from.isAfter(now)) {
      from = now;
    }
    Figures f = storage.window(from, now).get(new Key(provider, channel));
    long attempts = f == null ? 0 : f.attempts();
    long failures = f == null ? 0 : f.failures();
    HealthCheck.Probe probe = probe(provider, channel, failoverId, checkNumber);
    Optional<Double> score = storage.latestCurrentScore(provider, channel, from);
    String detail =
        String.format(
            Locale.ROOT,
            "%d of %d calls failed since %s; probe %s%s",
            failures,
            attempts,
            from,
            probe.name().toLowerCase(Locale.ROOT).replace('_', ' '),
            score.map(s -> String.format(Locale.ROOT, "; current score %.2f", s)).orElse(""));
    long start = Math.min(fromMillis, now.toEpochMilli());
    return new HealthCheck(
        start,
        Math.max(start, now.toEpochMilli()),
        attempts,
        failures,
        probe,
        score.isPresent(),
        score.orElse(0.0),
        detail);
  }

  /**
   * The synthetic probe: one send through the adapter itself (so it is not counted in the metrics),
   * only where a probe recipient is configured, since it sends a real message.
   */
  private HealthCheck.Probe probe(
      String provider, Channel channel, String failoverId, int checkNumber) {
    Optional<String> to = settings.probeRecipient(provider);
    Optional<ProviderAdapter> adapter = registry.find(provider).filter(ProviderAdapter::enabled);
    if (to.isEmpty() || adapter.isEmpty()) {
      return HealthCheck.Probe.NOT_SENT;
    }
    String key = "probe:" + failoverId + ":" + checkNumber;
    try {
      adapter
          .get()
          .send(
              new OutboundMessage(
                  UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)),
                  "",
                  channel,
                  to.get(),
                  "",
                  "IRIS probe",
                  "IRIS fail-back probe " + checkNumber,
                  Map.of("iris_probe", key),
                  key));
      return HealthCheck.Probe.ACCEPTED;
    } catch (RuntimeException failed) {
      log.info("probe {} to {} failed: {}", key, provider, failed.getMessage());
      return HealthCheck.Probe.FAILED;
    }
  }

  @Override
  public void setWeight(String provider, Channel channel, String failoverId, int step, int weight) {
    routing.setWeight(provider, channel, failoverId, step, weight, clock.instant());
    log.info("{} on {} fails back: {}% of new sends", provider, channel.wireName(), weight);
  }

  @Override
  public void restore(String provider, Channel channel, String failoverId, String reason) {
    routing.restore(provider, channel, failoverId, reason, clock.instant());
    log.info("{} on {} restored: {}", provider, channel.wireName(), reason);
  }
}
