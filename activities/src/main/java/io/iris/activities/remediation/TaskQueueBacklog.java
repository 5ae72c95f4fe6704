package io.iris.activities.remediation;

import io.grpc.StatusRuntimeException;
import io.iris.workflows.remediation.Observations.QueueBacklog;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.taskqueue.v1.TaskQueueStats;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The task queues' backlogs, from the server's statistics ({@code DescribeTaskQueue} with {@code
 * report_stats}): how long the oldest waiting task has waited to start, and about how many wait.
 * Unlike the SDK's schedule-to-start latency metric (recorded per process, and only when a task
 * starts), this sees a queue nobody polls. A server that reports no statistics (the in-process test
 * server) gives "unknown", and the rule stays silent. The same call tells when each poller last
 * polled ({@link #polling}): a backlog nobody polls is a stall a restart can fix; a backlog with
 * busy pollers is not.
 */
@Component
public class TaskQueueBacklog {

  private static final Logger log = LoggerFactory.getLogger(TaskQueueBacklog.class);

  /** How long one {@code DescribeTaskQueue} may take. */
  private static final long DEADLINE_SECONDS = 5;

  /** The task types judged, by the names findings use. */
  static final List<TaskQueueType> TYPES =
      List.of(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY);

  /**
   * Who polls one task type of a queue.
   *
   * @param known false when the server gave no answer or no statistics
   * @param pollers the pollers the server lists (it forgets one some minutes after its last poll)
   * @param sinceLastPollMillis since the latest poll of any of them; -1 without pollers
   * @param backlogAgeMillis how long the oldest waiting task has waited
   */
  public record Polling(
      String taskQueue,
      String kind,
      boolean known,
      int pollers,
      long sinceLastPollMillis,
      long backlogAgeMillis) {

    /** Tasks have waited {@code idleFor} and nobody has polled for as long. */
    public boolean stalled(Duration idleFor) {
      long idle = idleFor.toMillis();
      return known && backlogAgeMillis >= idle && (pollers == 0 || sinceLastPollMillis >= idle);
    }

    /** In plain words, e.g. {@code workflow tasks: 2 pollers, last poll 0.3 s ago, backlog 0 s}. */
    public String describe() {
      if (!known) {
        return kind + " tasks: no statistics";
      }
      return kind
          + " tasks: "
          + (pollers == 0
              ? "no poller"
              : pollers
                  + (pollers == 1 ? " poller" : " pollers")
                  + ", last poll "
                  + seconds(sinceLastPollMillis)
                  + " ago")
          + ", oldest task waiting "
          + seconds(backlogAgeMillis);
    }

    private static String seconds(long millis) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
  }

  private final WorkflowClient client;
  private final Clock clock;

  @Autowired
  public TaskQueueBacklog(WorkflowClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public TaskQueueBacklog(WorkflowClient client) {
    this(client, Clock.systemUTC());
  }

  /** Each queue's backlog per task type, in the order given (workflow before activity). */
  public List<QueueBacklog> describe(List<String> taskQueues) {
    List<QueueBacklog> out = new ArrayList<>();
    for (String queue : taskQueues) {
      for (TaskQueueType type : TYPES) {
        out.add(describe(queue, type));
      }
    }
    return out;
  }

  /** One queue's backlog of one task type; unknown when the server gives no statistics. */
  public QueueBacklog describe(String taskQueue, TaskQueueType type) {
    String kind = kind(type);
    Optional<DescribeTaskQueueResponse> response = call(taskQueue, type);
    if (response.isEmpty() || !response.get().hasStats()) {
      return QueueBacklog.unknown(taskQueue, kind);
    }
    TaskQueueStats stats = response.get().getStats();
    return new QueueBacklog(
        taskQueue, kind, true, ageMillis(stats), stats.getApproximateBacklogCount());
  }

  /** Who polls the queue, per task type (workflow before activity). */
  public List<Polling> polling(String taskQueue) {
    List<Polling> out = new ArrayList<>();
    long now = clock.millis();
    for (TaskQueueType type : TYPES) {
      String kind = kind(type);
      Optional<DescribeTaskQueueResponse> response = call(taskQueue, type);
      if (response.isEmpty() || !response.get().hasStats()) {
        out.add(new Polling(taskQueue, kind, false, 0, -1, 0));
        continue;
      }
      long latest = -1;
      for (PollerInfo poller : response.get().getPollersList()) {
        var at = poller.getLastAccessTime();
        latest = Math.max(latest, at.getSeconds() * 1000 + at.getNanos() / 1_000_000);
      }
      int pollers = response.get().getPollersCount();
      out.add(
          new Polling(
              taskQueue,
              kind,
              true,
              pollers,
              latest < 0 ? -1 : Math.max(0, now - latest),
              ageMillis(response.get().getStats())));
    }
    return out;
  }

  private Optional<DescribeTaskQueueResponse> call(String taskQueue, TaskQueueType type) {
    try {
      return Optional.of(
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
              .describeTaskQueue(
                  DescribeTaskQueueRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue).build())
                      .setTaskQueueType(type)
                      .setReportStats(true)
                      .build()));
    } catch (StatusRuntimeException e) {
      log.debug("no statistics for {} {} tasks: {}", taskQueue, kind(type), e.getStatus());
      return Optional.empty();
    }
  }

  private static long ageMillis(TaskQueueStats stats) {
    com.google.protobuf.Duration age = stats.getApproximateBacklogAge();
    return Math.max(0, age.getSeconds() * 1000 + age.getNanos() / 1_000_000);
  }

  static String kind(TaskQueueType type) {
    return type.name().substring("TASK_QUEUE_TYPE_".length()).toLowerCase(Locale.ROOT);
  }
}
