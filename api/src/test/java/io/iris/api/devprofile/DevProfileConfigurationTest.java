package io.iris.api.devprofile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The dev profile's values are defaults, never overrides: for every setting whose base default is
 * fed by a documented {@code IRIS_*} variable, that variable wins with the profile {@code dev} on,
 * for every integration. The configuration files are loaded as Spring Boot loads them (imports and
 * profile documents included), so a literal added later to application-dev.yml, or to a file it
 * imports, is caught here.
 */
class DevProfileConfigurationTest {

  /** {@code ${IRIS_X}} or {@code ${IRIS_X:default}} as a whole value. */
  private static final Pattern FED_BY_VARIABLE =
      Pattern.compile("^\\$\\{(IRIS_[A-Z0-9_]+)(:.*)?}$", Pattern.DOTALL);

  @Test
  void givenEveryDocumentedVariableSet_whenTheDevProfileIsOn_eachShouldWinOverTheProfile() {
    Map<String, String> fed = settingsFedByVariables();
    Map<String, String> devKeys = settingsTheDevProfileSets();
    // Not vacuous: the profile sets the integrations' URLs and credentials, Slack's included.
    assertThat(devKeys.keySet())
        .contains(
            "iris.providers.twilio.base-url",
            "iris.providers.slack.base-url",
            "iris.providers.slack.bot-token",
            "iris.incidents.slack.signing-secret",
            "iris.incidents.slack.channel",
            "iris.pagerduty.events-url",
            "iris.pagerduty.webhook-secret");
    assertThat(fed.keySet())
        .as("dev settings fed by a variable")
        .containsAll(devKeys.keySet().stream().filter(fed::containsKey).toList());

    Map<String, Object> operator = new LinkedHashMap<>();
    fed.values().forEach(variable -> operator.put(variable, "operator-" + variable));
    StandardEnvironment dev = load(List.of("dev"), operator);

    Map<String, String> lost = new TreeMap<>();
    fed.forEach(
        (key, variable) -> {
          String value = dev.getProperty(key);
          if (!("operator-" + variable).equals(value)) {
            lost.put(key, variable + " set, yet the dev profile gives " + value);
          }
        });
    assertThat(lost).as("settings where the operator's variable lost to the profile").isEmpty();
    assertThat(devKeys.keySet().stream().filter(fed::containsKey).count())
        .as("dev settings checked")
        .isGreaterThanOrEqualTo(25);
  }

  @Test
  void givenTheSimulatorAsItsOwnProcess_whenItReadsItsAccounts_theyShouldBeTheDevProfiles()
      throws IOException {
    // The separate simulator checks the credentials, and signs with the secrets, the platform's
    // dev profile uses; both from the same variables, with the same fake defaults.
    List<PropertySource<?>> server =
        new YamlPropertySourceLoader()
            .load("server", new ClassPathResource("iris-simulator-server.yml"));
    StandardEnvironment alone = new StandardEnvironment();
    server.forEach(alone.getPropertySources()::addLast);
    StandardEnvironment dev = load(List.of("dev"), Map.of());
    int compared = 0;
    for (PropertySource<?> source : server) {
      for (String key : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
        if (key.startsWith("iris.providers.")
            || key.startsWith("iris.incidents.")
            || key.startsWith("iris.pagerduty.")) {
          assertThat(alone.getProperty(key)).as(key).isEqualTo(dev.getProperty(key)).isNotBlank();
          String raw = String.valueOf(source.getProperty(key));
          assertThat(raw).as(key + " lets the operator's variable win").matches(FED_BY_VARIABLE);
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(12);
  }

  @Test
  void givenTheConfigurationFiles_whateverTheProfile_noneShouldSetTheRemovedIncidentSlackKeys() {
    // Slack's URL and token are one setting (iris.providers.slack.*); the platform refuses to
    // start when the incident block's old keys are set, so no file of ours may set them.
    for (List<String> profiles :
        List.of(List.<String>of(), List.of("dev"), List.of("dev", "test"))) {
      StandardEnvironment environment = load(profiles, Map.of());
      assertThat(environment.getProperty("iris.providers.slack.base-url"))
          .as("%s", profiles)
          .isNotBlank();
      for (String removed :
          List.of("iris.incidents.slack.api-url", "iris.incidents.slack.bot-token")) {
        assertThat(environment.containsProperty(removed))
            .as("%s sets %s", profiles, removed)
            .isFalse();
      }
    }
  }

  /** Setting → the variable that feeds it, from every file loaded without the dev profile. */
  private static Map<String, String> settingsFedByVariables() {
    Map<String, String> fed = new TreeMap<>();
    for (PropertySource<?> source : load(List.of(), Map.of()).getPropertySources()) {
      if (source instanceof EnumerablePropertySource<?> e && isConfigFile(source)) {
        for (String key : e.getPropertyNames()) {
          Matcher m = FED_BY_VARIABLE.matcher(String.valueOf(e.getProperty(key)));
          if (m.matches()) {
            fed.putIfAbsent(key, m.group(1));
          }
        }
      }
    }
    return fed;
  }

  /** Settings the dev profile's own documents (and what they import) set. */
  private static Map<String, String> settingsTheDevProfileSets() {
    StandardEnvironment base = load(List.of(), Map.of());
    List<String> baseSources =
        base.getPropertySources().stream().map(PropertySource::getName).toList();
    Map<String, String> keys = new TreeMap<>();
    for (PropertySource<?> source : load(List.of("dev"), Map.of()).getPropertySources()) {
      if (source instanceof EnumerablePropertySource<?> e
          && isConfigFile(source)
          && !baseSources.contains(source.getName())) {
        for (String key : e.getPropertyNames()) {
          keys.put(key, String.valueOf(e.getProperty(key)));
        }
      }
    }
    return keys;
  }

  private static boolean isConfigFile(PropertySource<?> source) {
    return source.getName().startsWith("Config resource");
  }

  private static StandardEnvironment load(List<String> profiles, Map<String, Object> variables) {
    return ConfigurationFiles.load(profiles, variables);
  }
}
