package io.iris.integrations.slack;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Slack's two settings blocks, bound into this one package: {@code iris.providers.slack.*} (the
 * {@code slack} channel) and {@code iris.incidents.slack.*} (incident messages and their buttons).
 * Both are fed by the same {@code IRIS_SLACK_*} variables; both post through {@link
 * SlackWebClients}, the one client cache.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SlackSettings.class, SlackIncidentSettings.class})
public class SlackConfiguration {}
