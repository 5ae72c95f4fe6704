package io.iris.api.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.api.devprofile.ConfigurationFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The start-up block that says which integrations are simulated and which are real. */
class IntegrationsBannerTest {

  static final List<String> NAMES =
      List.of(
          "twilio",
          "telnyx",
          "plivo",
          "sendgrid",
          "postmark",
          "fcm",
          "slack",
          "slack incidents",
          "pagerduty events",
          "teams",
          "webhook",
          "pagerduty webhooks");

  private static List<String> lines(StandardEnvironment environment) {
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("port", Map.of("local.server.port", "8412")));
    return new IntegrationsBanner(environment).lines();
  }

  private static String line(List<String> lines, String name) {
    return lines.stream()
        .filter(l -> l.length() > 19 && l.substring(0, 19).trim().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + name + " in " + lines));
  }

  @Test
  void givenTheDevProfile_whenNothingIsSet_everyIntegrationShouldBeSimulatedInThisProcess() {
    List<String> lines = lines(ConfigurationFiles.load(List.of("dev"), Map.of()));

    assertThat(lines).hasSize(NAMES.size());
    for (String name : NAMES) {
      assertThat(line(lines, name)).as(name).contains("simulated (simulator in this process");
    }
  }

  @Test
  void givenTheDevProfileAndIrisSlackVariables_slackShouldBeRealWithItsHostAndNoSecret() {
    List<String> lines =
        lines(
            ConfigurationFiles.load(
                List.of("dev"),
                Map.of(
                    "IRIS_SLACK_API_URL", "https://slack.example.com/api/",
                    "IRIS_SLACK_BOT_TOKEN", "xoxb-very-secret-token",
                    "IRIS_SLACK_SIGNING_SECRET", "very-secret-signing-secret")));

    assertThat(line(lines, "slack")).endsWith("real (slack.example.com)");
    assertThat(line(lines, "slack incidents")).endsWith("real (slack.example.com)");
    assertThat(line(lines, "twilio")).contains("simulated");
    assertThat(String.join("\n", lines)).doesNotContain("very-secret").doesNotContain("xoxb");
  }

  @Test
  void givenTheSimulatorAsItsOwnProcess_theLinesShouldSayWhereItIs() {
    List<String> lines =
        lines(
            ConfigurationFiles.load(
                List.of("dev"), Map.of("IRIS_SIMULATOR_URL", "http://localhost:8090")));

    assertThat(line(lines, "twilio")).endsWith("simulated (simulator process at localhost:8090)");
    assertThat(line(lines, "pagerduty events")).contains("simulator process at localhost:8090");
  }

  @Test
  void givenNoDevProfile_everyIntegrationShouldBeRealOrSayWhatIsMissing() {
    List<String> lines =
        lines(
            ConfigurationFiles.load(
                List.of(), Map.of("IRIS_PAGERDUTY_WEBHOOK_SECRET", "a-real-secret")));

    assertThat(line(lines, "twilio")).endsWith("real (api.twilio.com)");
    assertThat(line(lines, "sendgrid")).endsWith("real (api.sendgrid.com)");
    assertThat(line(lines, "slack incidents")).endsWith("real (slack.com)");
    assertThat(line(lines, "pagerduty events")).endsWith("real (events.pagerduty.com)");
    assertThat(line(lines, "teams")).contains("real (webhook hosts webhook.office.com");
    assertThat(line(lines, "webhook")).endsWith("real (public HTTPS endpoints only)");
    assertThat(line(lines, "pagerduty webhooks")).contains("real (signed by PagerDuty");
    assertThat(String.join("\n", lines)).doesNotContain("simulated").doesNotContain("a-real");
  }
}
