package io.iris.activities.platform;

import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.block.LayoutBlock;
import io.iris.integrations.slack.SlackConnection;
import io.iris.integrations.slack.SlackIncidentSettings;
import io.iris.integrations.slack.SlackWebClients;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The operators' Slack channel ({@code IRIS_SLACK_CHANNEL}) for the periodic cycles' alerts
 * (budgets, capacity). A post Slack refuses or cannot take throws (the activity is retried); with
 * Slack not configured nothing is posted and the caller is told so.
 */
@Component
public class OpsSlack {

  private final SlackIncidentSettings slack;
  private final SlackConnection connection;
  private final SlackWebClients clients;

  public OpsSlack(
      SlackIncidentSettings slack, SlackConnection connection, SlackWebClients clients) {
    this.slack = slack;
    this.connection = connection;
    this.clients = clients;
  }

  /** Whether a channel, a token and a Slack address are configured. */
  public boolean configured() {
    String channel = slack.channel();
    return channel != null
        && !channel.isBlank()
        && connection.botToken() != null
        && !connection.botToken().isBlank()
        && clients != null
        && clients.forPrefix(connection.baseUrl()).isPresent();
  }

  /** Posts the text; returns where it went, or why it did not ("audit log only (…)"). */
  public String post(String text) {
    return post(text, List.of());
  }

  /**
   * Posts blocks (buttons, fields) with {@code text} as the notification's fallback; returns where
   * it went, or why it did not.
   */
  public String post(String text, List<LayoutBlock> blocks) {
    if (!configured()) {
      return "audit log only (Slack is not configured)";
    }
    String channel = slack.channel();
    Slack client = clients.forPrefix(connection.baseUrl()).orElseThrow();
    try {
      ChatPostMessageResponse response =
          client
              .methods(connection.botToken())
              .chatPostMessage(
                  ChatPostMessageRequest.builder()
                      .channel(channel)
                      .text(text)
                      .blocks(blocks.isEmpty() ? null : blocks)
                      .unfurlLinks(false)
                      .unfurlMedia(false)
                      .build());
      if (!response.isOk()) {
        throw new IllegalStateException(
            "slack answered chat.postMessage with " + response.getError());
      }
    } catch (IOException | SlackApiException e) {
      throw new IllegalStateException("slack could not be reached for chat.postMessage: " + e, e);
    }
    return "slack " + channel;
  }
}
