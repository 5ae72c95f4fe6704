package io.iris.api.support;

import io.iris.api.send.SendWorkflows;
import io.iris.workflows.send.SendRequest;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real {@link SendWorkflows}, with a hook a test sets per recipient that runs before each start
 * of a send to that recipient: it may throw what the Temporal client throws (to fail or refuse the
 * start) or block (to hold a start in flight). Sends to other recipients are untouched.
 */
public class ScriptedSendWorkflows extends SendWorkflows {

  /** Runs before the real start; what it throws is what the start throws. */
  @FunctionalInterface
  public interface BeforeStart {
    void run(SendRequest request);
  }

  private final Map<String, BeforeStart> scripts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> starts = new ConcurrentHashMap<>();

  public ScriptedSendWorkflows(WorkflowClient client, boolean workersHere, boolean eagerStart) {
    super(client, workersHere, eagerStart);
  }

  public void script(String to, BeforeStart beforeStart) {
    scripts.put(to, beforeStart);
  }

  public void clear(String to) {
    scripts.remove(to);
  }

  /** How many times a start of a send to {@code to} was attempted. */
  public int startAttempts(String to) {
    AtomicInteger n = starts.get(to);
    return n == null ? 0 : n.get();
  }

  @Override
  public void startSend(SendRequest request) {
    starts.computeIfAbsent(request.to(), k -> new AtomicInteger()).incrementAndGet();
    BeforeStart script = scripts.get(request.to());
    if (script != null) {
      script.run(request);
    }
    super.startSend(request);
  }
}
