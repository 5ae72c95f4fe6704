package io.iris.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The anchor of {@code make bench}: {@link TrivialWorkflow} at full speed against a Temporal
 * server, its worker in this process on its own task queue, started by {@code --concurrency}
 * threads; prints one JSON line: {@code {"workflows","concurrency","seconds","perSecond"}}.
 *
 * <pre>java -cp … io.iris.bench.TrivialBenchmark --target 127.0.0.1:7233 --workflows 800</pre>
 */
public final class TrivialBenchmark {

  private TrivialBenchmark() {}

  record Options(String target, String namespace, int workflows, int concurrency, String queue) {
    static Options parse(String[] args) {
      String target = "127.0.0.1:7233";
      String namespace = "default";
      int workflows = 800;
      int concurrency = 64;
      String queue = "iris-bench-trivial";
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--target" -> target = need(args[i], value);
          case "--namespace" -> namespace = need(args[i], value);
          case "--workflows" -> workflows = positive(args[i], need(args[i], value));
          case "--concurrency" -> concurrency = positive(args[i], need(args[i], value));
          case "--task-queue" -> queue = need(args[i], value);
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + args[i]
                      + " (--target, --namespace, --workflows, --concurrency, --task-queue)");
        }
        i++;
      }
      return new Options(target, namespace, workflows, concurrency, queue);
    }

    private static String need(String name, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      return value;
    }

    private static int positive(String name, String value) {
      try {
        int n = Integer.parseInt(value);
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw new IllegalArgumentException(name + " must be a whole number above 0, got " + value);
    }
  }

  /** The figures of one run. */
  record Result(int workflows, int concurrency, double seconds) {
    double perSecond() {
      return workflows / seconds;
    }

    String json() {
      return String.format(
          Locale.ROOT,
          "{\"workflows\":%d,\"concurrency\":%d,\"seconds\":%.3f,\"perSecond\":%.2f}",
          workflows,
          concurrency,
          seconds,
          perSecond());
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(o.target()).build());
    try {
      WorkflowClient client =
          WorkflowClient.newInstance(
              stubs, WorkflowClientOptions.newBuilder().setNamespace(o.namespace()).build());
      System.out.println(run(client, o.queue(), o.workflows(), o.concurrency()).json());
    } finally {
      stubs.shutdown();
      stubs.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** Starts a worker on {@code queue}, runs {@code workflows} to completion, stops the worker. */
  static Result run(WorkflowClient client, String queue, int workflows, int concurrency)
      throws Exception {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(queue);
    worker.registerWorkflowImplementationTypes(TrivialWorkflow.Impl.class);
    worker.registerActivitiesImplementations(new TrivialWorkflow.NoopImpl());
    factory.start();
    ExecutorService starters = Executors.newFixedThreadPool(concurrency);
    try {
      String prefix = "bench-trivial-" + UUID.randomUUID() + "-";
      long started = System.nanoTime();
      List<Future<?>> done = new ArrayList<>(workflows);
      for (int i = 0; i < workflows; i++) {
        String id = prefix + i;
        done.add(
            starters.submit(
                () -> {
                  TrivialWorkflow wf =
                      client.newWorkflowStub(
                          TrivialWorkflow.class,
                          WorkflowOptions.newBuilder()
                              .setWorkflowId(id)
                              .setTaskQueue(queue)
                              .build());
                  WorkflowClient.start(wf::run, id);
                  String out = WorkflowStub.fromTyped(wf).getResult(String.class);
                  if (!id.equals(out)) {
                    throw new IllegalStateException(id + " answered " + out);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return new Result(workflows, concurrency, (System.nanoTime() - started) / 1e9);
    } finally {
      starters.shutdownNow();
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
