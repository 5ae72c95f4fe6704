package io.iris.workflows.incident;

/**
 * The incident's Slack message, so it can be updated in place and threaded.
 *
 * @param channel the channel id
 * @param ts the message timestamp Slack returned
 */
public record SlackMessageRef(String channel, String ts) {}
