package io.iris.api.incident.slack;

import io.iris.activities.remediation.slack.SlackRemediationActivitiesImpl;
import io.iris.api.audit.AuditLog;
import io.iris.api.cost.CostOpportunityService;
import io.iris.api.incident.IncidentActions;
import io.iris.api.remediation.RemediationService;
import io.iris.integrations.slack.CostClick;
import io.iris.integrations.slack.IncidentClick;
import io.iris.integrations.slack.RemediationClick;
import io.iris.workflows.cost.CostAnswer;
import io.iris.workflows.incident.SlackMessageRef;
import io.iris.workflows.remediation.Decision;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    within(
        clicks.size(),
        () -> {
          for (IncidentClick click : clicks) {
            apply(actions, click);
          }
        });
  }

  /**
   * Answers remediation approvals in order, within {@link #WAIT} as incident clicks are. A click by
   * someone not among {@code IRIS_REMEDIATION_APPROVERS}, or on a request no longer waiting, gets a
   * reply under the message saying so, and nothing is signalled.
   *
   * @param replies posts those replies; null where Slack replies are not available
   */
  void runRemediations(
      RemediationService service,
      SlackRemediationActivitiesImpl replies,
      AuditLog audit,
      List<RemediationClick> clicks) {
    within(
        clicks.size(),
        () -> {
          for (RemediationClick click : clicks) {
            apply(service, replies, audit, click);
          }
        });
  }

  /**
   * Answers cost opportunities under review in order, within {@link #WAIT}. A click by someone not
   * among {@code IRIS_REMEDIATION_APPROVERS}, or on one no longer under review, is logged and
   * nothing is signalled; the workflow writes the decision and its audit row.
   */
  void runCosts(CostOpportunityService service, List<CostClick> clicks) {
    within(
        clicks.size(),
        () -> {
          for (CostClick click : clicks) {
            String what = click.approve() ? "approve" : "dismiss";
            try {
              if (!service.mayAnswer(click.userId())) {
                log.warn(
                    "Slack: {} of cost opportunity {} by {} refused: not an approver",
                    what,
                    click.opportunityId(),
                    click.actor());
                continue;
              }
              CostOpportunityService.Answered answered =
                  service.answer(
                      click.opportunityId(),
                      click.approve(),
                      new CostAnswer(click.actor(), "from Slack"));
              log.info(
                  "Slack: {} of cost opportunity {} by {}: {} ({})",
                  what,
                  click.opportunityId(),
                  click.actor(),
                  answered.outcome(),
                  answered.status());
            } catch (RuntimeException e) {
              log.warn(
                  "Slack: {} of cost opportunity {} by {} failed: {}",
                  what,
                  click.opportunityId(),
                  click.actor(),
                  e.toString());
            }
          }
        });
  }

  private void within(int count, Runnable work) {
    Future<?> done = executor.submit(work);
    try {
      done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.info(
          "Slack interaction answered before its {} action(s) finished; they go on in the"
              + " background",
          count);
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

  private static void apply(
      RemediationService service,
      SlackRemediationActivitiesImpl replies,
      AuditLog audit,
      RemediationClick click) {
    boolean approve = click.kind() == RemediationClick.Kind.APPROVE;
    try {
      if (!service.mayApprove(click.userId())) {
        log.warn(
            "Slack: {} of {} by {} refused: not an approver",
            click.kind(),
            click.remediationId(),
            click.actor());
        reply(
            replies,
            click,
            ":no_entry: "
                + click.actor()
                + " is not among the approvers of auto-remediation"
                + " (IRIS_REMEDIATION_APPROVERS): nothing was done.");
        return;
      }
      RemediationService.Answered answered =
          service.decide(
              click.remediationId(),
              approve,
              new Decision(click.actor(), "", SlackInteractionsWebhook.SOURCE));
      switch (answered.outcome()) {
        case SIGNALLED -> {
          log.info("Slack: {} {} by {}", click.kind(), click.remediationId(), click.actor());
          audit.recordSystem(
              approve ? "remediation.approved" : "remediation.rejected",
              "remediation",
              click.remediationId(),
              Map.of("by", click.actor(), "source", SlackInteractionsWebhook.SOURCE));
        }
        case UNKNOWN ->
            log.warn(
                "Slack: {} by {} for unknown remediation {}",
                click.kind(),
                click.actor(),
                click.remediationId());
        case NOT_AWAITING, NOT_AN_APPROVER ->
            reply(
                replies,
                click,
                ":information_source: This remediation is "
                    + answered.status().map(s -> s.wireName()).orElse("over")
                    + ", no longer awaiting approval: nothing was done.");
      }
    } catch (RuntimeException e) {
      log.warn(
          "Slack: {} of remediation {} by {} failed: {}",
          click.kind(),
          click.remediationId(),
          click.actor(),
          e.toString());
    }
  }

  private static void reply(
      SlackRemediationActivitiesImpl replies, RemediationClick click, String text) {
    if (replies == null || click.messageTs().isEmpty()) {
      return;
    }
    try {
      replies.reply(new SlackMessageRef(click.channel(), click.messageTs()), text);
    } catch (RuntimeException e) {
      log.warn("Slack: the reply to {} could not be posted: {}", click.actor(), e.toString());
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
