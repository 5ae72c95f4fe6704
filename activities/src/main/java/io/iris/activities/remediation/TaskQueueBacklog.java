package io.iris.activities.remediation;

import io.grpc.StatusRuntimeException;
import io.iris.workflows.remediation.Observations.QueueBacklog;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.taskqueue.v1.TaskQueueStats;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The task queues' backlogs, from the server's statistics ({@code DescribeTaskQueue} with {@code
 * report_stats}): how long the oldest waiting task has waited to start, and about how many wait.
 * Unlike the SDK's schedule-to-start latency metric (recorded per process, and only when a task
 * starts), this sees a queue nobody polls. A server that reports no statistics (the in-process test
 * server) gives "unknown", and the rule stays silent.
 */
@Component
public class TaskQueueBacklog {

  private static final Logger log = LoggerFactory.getLogger(TaskQueueBacklog.class);

  /** The task types judged, by the names findings use. */
  static final List<TaskQueueType> TYPES =
      List.of(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY);

  private final WorkflowClient client;

  public TaskQueueBacklog(WorkflowClient client) {
    this.client = client;
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
    DescribeTaskQueueResponse response;
    try {
      response =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeTaskQueue(
                  DescribeTaskQueueRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue).build())
                      .setTaskQueueType(type)
                      .setReportStats(true)
                      .build());
    } catch (StatusRuntimeException e) {
      log.debug("no statistics for {} {} tasks: {}", taskQueue, kind, e.getStatus());
      return QueueBacklog.unknown(taskQueue, kind);
    }
    if (!response.hasStats()) {
      return QueueBacklog.unknown(taskQueue, kind);
    }
    TaskQueueStats stats = response.getStats();
    com.google.protobuf.Duration age = stats.getApproximateBacklogAge();
    long ageMillis = age.getSeconds() * 1000 + age.getNanos() / 1_000_000;
    return new QueueBacklog(
        taskQueue, kind, true, Math.max(0, ageMillis), stats.getApproximateBacklogCount());
  }

  static String kind(TaskQueueType type) {
    return type.name().substring("TASK_QUEUE_TYPE_".length()).toLowerCase(Locale.ROOT);
  }
}
