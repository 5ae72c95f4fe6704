package io.iris.api.incident.slack;

import io.iris.api.incident.IncidentActions;
import io.iris.integrations.slack.IncidentClick;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Turns clicks into incident actions on a virtual thread, waiting a bounded time for them.
 *
 * <p>Slack wants its answer within 3 seconds. Signalling a workflow is normally a few milliseconds,
 * so the request waits up to {@link #WAIT} for the actions, which keeps the common case simple
 * (done when Slack hears back; failures are logged with the request). When Temporal is slow, the
 * answer goes out at the deadline and the actions finish in the background; they are idempotent,
 * and the workflow's own Slack update shows the outcome either way. Outcomes are only logged: Slack
 * does not retry interactions, so a failed answer would only show the user an error icon.
 */
@Component
class SlackActionRunner implements DisposableBean {

  /** Under Slack's 3 s, leaving room for reading and verifying the request. */
  static final Duration WAIT = Duration.ofMillis(2_000);

  private static final Logger log = LoggerFactory.getLogger(SlackActionRunner.class);

  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("slack-action-", 0).factory());

  /** Applies the clicks in order, returning when they are done or {@link #WAIT} has passed. */
  void run(IncidentActions actions, List<IncidentClick> clicks) {
    Future<?> done =
        executor.submit(
            () -> {
              for (IncidentClick click : clicks) {
                apply(actions, click);
              }
            });
    try {
      done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.info(
          "Slack interaction answered before its {} action(s) finished; they go on in the"
              + " background",
          clicks.size());
    } catch (ExecutionException e) {
      log.warn("Slack interaction failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void apply(IncidentActions actions, IncidentClick click) {
    try {
      IncidentActions.Outcome outcome =
          switch (click.kind()) {
            case ACKNOWLEDGE ->
                actions.acknowledge(
                    click.incidentId(), click.actor(), SlackInteractionsWebhook.SOURCE);
            case RESOLVE ->
                actions.resolve(click.incidentId(), click.actor(), SlackInteractionsWebhook.SOURCE);
            case ESCALATE ->
                actions.escalate(
                    click.incidentId(), click.actor(), SlackInteractionsWebhook.SOURCE);
          };
      switch (outcome) {
        case SIGNALLED ->
            log.info("Slack: {} {} by {}", click.kind(), click.incidentId(), click.actor());
        case UNKNOWN_INCIDENT ->
            log.warn(
                "Slack: {} by {} for unknown incident {}",
                click.kind(),
                click.actor(),
                click.incidentId());
        case ALREADY_CLOSED ->
            log.info(
                "Slack: {} by {} for closed incident {} ignored",
                click.kind(),
                click.actor(),
                click.incidentId());
      }
    } catch (RuntimeException e) {
      log.warn(
          "Slack: {} of incident {} by {} failed: {}",
          click.kind(),
          click.incidentId(),
          click.actor(),
          e.toString());
    }
  }

  @Override
  public void destroy() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
