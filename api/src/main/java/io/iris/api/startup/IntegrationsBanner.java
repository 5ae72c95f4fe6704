package io.iris.api.startup;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;

/**
 * At start, one block in the log saying for each integration whether it is simulated (its URL
 * points at the provider simulator, inside this process or in its own) or real (with the host it
 * talks to). Settings are read by name; no credential or secret is ever printed, only hosts.
 */
@Component
public class IntegrationsBanner {

  private static final Logger log = LoggerFactory.getLogger(IntegrationsBanner.class);

  /** Where the dev profile's simulated providers are (unset without the dev profile). */
  static final String SIMULATOR_URL = "iris.simulator.url";

  private static final String LOCAL_PORT = "{local-port}";
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

  /** An integration reached at a URL setting. */
  private record UrlIntegration(String name, String urlKey, String enabledKey) {}

  private static final List<UrlIntegration> BY_URL =
      List.of(
          provider("twilio"),
          provider("telnyx"),
          provider("plivo"),
          provider("sendgrid"),
          provider("postmark"),
          provider("fcm"),
          provider("slack"),
          // Incident messages use the slack channel's connection (one URL, one token), whether or
          // not the channel is enabled for sends.
          new UrlIntegration("slack incidents", "iris.providers.slack.base-url", null),
          new UrlIntegration("pagerduty events", "iris.pagerduty.events-url", null));

  private final ConfigurableEnvironment environment;

  public IntegrationsBanner(ConfigurableEnvironment environment) {
    this.environment = environment;
  }

  @EventListener(ApplicationReadyEvent.class)
  void log() {
    log.info("{}", text());
  }

  /** The block, as it is logged. */
  String text() {
    StringBuilder out = new StringBuilder("Integrations:");
    for (String line : lines()) {
      out.append(System.lineSeparator()).append("  ").append(line);
    }
    return out.toString();
  }

  /**
   * One line per integration: its name, then {@code simulated (…)}, {@code real (…)} or why not.
   */
  List<String> lines() {
    String port =
        environment.getProperty(
            "local.server.port", environment.getProperty("server.port", "8080"));
    String simulator = resolve(environment.getProperty(SIMULATOR_URL, ""), port);
    String where =
        simulator.isEmpty()
            ? ""
            : environment.getProperty(SIMULATOR_URL, "").contains(LOCAL_PORT)
                    || simulator.equals("http://localhost:" + port)
                ? "simulator in this process"
                : "simulator process at " + hostOf(simulator);
    List<String> lines = new ArrayList<>();
    boolean pagerDutySimulated = false;
    for (UrlIntegration integration : BY_URL) {
      String url = resolve(environment.getProperty(integration.urlKey(), ""), port);
      String state;
      if (integration.enabledKey() != null
          && !environment.getProperty(integration.enabledKey(), Boolean.class, true)) {
        state = "disabled";
      } else if (url.isEmpty()) {
        state = "not configured (" + integration.urlKey() + " is empty)";
      } else if (!simulator.isEmpty() && url.startsWith(simulator + "/sim/")) {
        state = "simulated (" + where + ")";
        pagerDutySimulated |= integration.name().equals("pagerduty events");
      } else {
        state = "real (" + hostOf(url) + ")";
      }
      lines.add(row(integration.name(), state));
    }
    List<String> teamsHosts =
        Binder.get(environment)
            .bind("iris.providers.teams.allowed-hosts", Bindable.listOf(String.class))
            .orElse(List.of());
    boolean localTeams =
        !teamsHosts.isEmpty()
            && teamsHosts.stream()
                .allMatch(h -> LOOPBACK.contains(h.trim().toLowerCase(Locale.ROOT)));
    lines.add(
        row(
            "teams",
            !simulator.isEmpty() && localTeams
                ? "simulated (" + where + "; webhook URLs on this machine only)"
                : "real (webhook hosts " + String.join(", ", teamsHosts) + ")"));
    boolean privateWebhooks =
        environment.getProperty(
            "iris.providers.webhook.allow-private-addresses", Boolean.class, false);
    lines.add(
        row(
            "webhook",
            !simulator.isEmpty() && privateWebhooks
                ? "simulated (" + where + "; private and loopback endpoints allowed)"
                : privateWebhooks
                    ? "real (private and loopback endpoints allowed)"
                    : "real (public HTTPS endpoints only)"));
    boolean pagerDutySecret =
        !environment.getProperty("iris.pagerduty.webhook-secret", "").isBlank();
    lines.add(
        row(
            "pagerduty webhooks",
            !pagerDutySecret
                ? "off (iris.pagerduty.webhook-secret is empty: /webhooks/pagerduty refuses all)"
                : pagerDutySimulated
                    ? "simulated (" + where + ", signed with the configured secret)"
                    : "real (signed by PagerDuty with the configured secret)"));
    return lines;
  }

  private static UrlIntegration provider(String name) {
    return new UrlIntegration(
        name, "iris.providers." + name + ".base-url", "iris.providers." + name + ".enabled");
  }

  private static String row(String name, String state) {
    return String.format(Locale.ROOT, "%-19s %s", name, state);
  }

  private static String resolve(String url, String port) {
    String resolved = url.trim().replace(LOCAL_PORT, port);
    return resolved.endsWith("/") ? resolved.substring(0, resolved.length() - 1) : resolved;
  }

  /** The host (and port, when not the scheme's own) of a URL; never its path or user info. */
  static String hostOf(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getHost() == null) {
        return "an unreadable URL";
      }
      return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    } catch (IllegalArgumentException e) {
      return "an unreadable URL";
    }
  }
}
