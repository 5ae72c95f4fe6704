package io.iris.activities.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iris.workflows.incident.Severity;
import io.iris.workflows.remediation.RemediationAction;
import io.iris.workflows.remediation.Runbook;
import io.iris.workflows.remediation.VerifyCondition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each validation error names its file, line, column and field; all of a file's are reported. */
class RunbookLoaderTest {

  static final String VALID =
      """
      name: x
      trigger:
        types: [provider_outage]
        minSeverity: high
      steps:
        - action: failover
      stabilizationWait: 10s
      verify:
        scope: channel
        all: ["delivery_rate_percent >= 98"]
      rollback: []
      """;

  private static RunbookLoader.Result load(String text) {
    return RunbookLoader.load(List.of(RunbookLoader.Source.of("runbooks/x.yaml", text)));
  }

  /** The only error of the text. */
  private static RunbookError only(String text) {
    RunbookLoader.Result result = load(text);
    assertThat(result.errors()).hasSize(1);
    assertThat(result.runbooks()).isEmpty();
    return result.errors().get(0);
  }

  private static void assertError(
      RunbookError e, int line, int column, String field, String messagePart) {
    assertThat(e.file()).isEqualTo("runbooks/x.yaml");
    assertThat(e.line()).as("line of %s", e).isEqualTo(line);
    assertThat(e.column()).as("column of %s", e).isEqualTo(column);
    assertThat(e.field()).as("field of %s", e).isEqualTo(field);
    assertThat(e.message()).as("message of %s", e).contains(messagePart);
  }

  @Test
  void givenAValidRunbook_whenLoaded_itShouldGiveItsRecordWithDigestAndSource() {
    RunbookLoader.Result result = load(VALID);

    assertThat(result.errors()).isEmpty();
    Runbook r = result.runbooks().get(0);
    assertThat(r.name()).isEqualTo("x");
    assertThat(r.trigger().matches("provider_outage", Severity.CRITICAL, "sms")).isTrue();
    assertThat(r.trigger().matches("provider_outage", Severity.MEDIUM, "sms")).isFalse();
    assertThat(r.steps().get(0).action()).isEqualTo(RemediationAction.FAILOVER);
    assertThat(r.stabilizationWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(r.settle()).as("the configured settle unless it says").isNull();
    assertThat(r.verify().scope()).isEqualTo(VerifyCondition.Scope.CHANNEL);
    assertThat(r.verify().minSamples()).isEqualTo(RunbookLoader.DEFAULT_MIN_SAMPLES);
    assertThat(r.verify().all().get(0).threshold(0)).isEqualTo(98.0);
    assertThat(r.rollback()).isEmpty();
    assertThat(r.order()).isEqualTo(RunbookLoader.DEFAULT_ORDER);
    assertThat(r.source()).isEqualTo("runbooks/x.yaml");
    assertThat(r.sha256()).isEqualTo(RunbookLoader.sha256(VALID.getBytes()));
  }

  @Test
  void givenBadYamlSyntax_whenLoaded_itShouldNameTheProblemsPosition() {
    RunbookError e = only("name: x\ntrigger: [a, b\nsteps: []\n");

    assertThat(e.line()).isGreaterThanOrEqualTo(2);
    assertThat(e.field()).isEmpty();
    assertThat(e.message()).startsWith("not valid YAML");
  }

  @Test
  void givenATopLevelList_whenLoaded_itShouldSayARunbookIsAMapping() {
    assertError(only("- name: x\n"), 1, 1, "", "a runbook is a mapping");
  }

  @Test
  void givenADuplicateKey_whenLoaded_itShouldNameTheSecondOne() {
    assertError(only(VALID + "name: y\n"), 12, 1, "name", "duplicate key");
  }

  @Test
  void givenAnUnknownField_whenLoaded_itShouldNameItAndTheKnownOnes() {
    assertError(only(VALID + "stabilisationWait: 5s\n"), 12, 1, "stabilisationWait", "one of:");
  }

  @Test
  void givenAMissingVerify_whenLoaded_itShouldSayItIsRequired() {
    String text =
        VALID.replace("verify:\n  scope: channel\n  all: [\"delivery_rate_percent >= 98\"]\n", "");
    assertError(only(text), 1, 1, "verify", "missing (required)");
  }

  @Test
  void givenANameThatDiffersFromTheFile_whenLoaded_itShouldSaySo() {
    assertError(
        only(VALID.replace("name: x", "name: y")), 1, 7, "name", "differs from the file name");
  }

  @Test
  void givenTheSameNameInTwoFiles_whenLoaded_itShouldNameTheEarlierFile() {
    RunbookLoader.Result result =
        RunbookLoader.load(
            List.of(
                RunbookLoader.Source.of("runbooks/x.yaml", VALID),
                RunbookLoader.Source.of("other/x.yaml", VALID)));

    assertThat(result.errors()).hasSize(1);
    RunbookError e = result.errors().get(0);
    assertThat(e.file()).isEqualTo("other/x.yaml");
    assertThat(e.field()).isEqualTo("name");
    assertThat(e.message()).contains("already defined in runbooks/x.yaml");
    assertThat(result.runbooks()).hasSize(1);
  }

  @Test
  void givenAnUnknownType_whenLoaded_itShouldNameTheItem() {
    assertError(
        only(VALID.replace("[provider_outage]", "[provider_outage, outage]")),
        3,
        28,
        "trigger.types[1]",
        "unknown type \"outage\"");
  }

  @Test
  void givenAnAlertmanagerType_whenItsRunbookFailsOver_itShouldSayTheTypeCarriesNoProvider() {
    RunbookLoader.Result result =
        load(VALID.replace("[provider_outage]", "[\"alertmanager:HighLatency\"]"));
    assertThat(result.runbooks()).isEmpty();
    assertThat(result.errors())
        .extracting(RunbookError::field)
        .containsExactly("steps[0].action", "verify.scope");
    assertError(
        result.errors().get(0),
        6,
        13,
        "steps[0].action",
        "failover acts on a provider, which trigger type alertmanager:HighLatency does not carry");
  }

  @Test
  void givenAnUnknownSeverity_whenLoaded_itShouldListTheSeverities() {
    assertError(
        only(VALID.replace("minSeverity: high", "minSeverity: urgent")),
        4,
        16,
        "trigger.minSeverity",
        "unknown severity \"urgent\"");
  }

  @Test
  void givenAnUnknownChannel_whenLoaded_itShouldNameTheItem() {
    assertError(
        only(
            VALID.replace(
                "  minSeverity: high\n", "  minSeverity: high\n  channels: [sms, fax]\n")),
        5,
        19,
        "trigger.channels[1]",
        "unknown channel \"fax\"");
  }

  @Test
  void givenAnUnknownAction_whenLoaded_itShouldListTheActions() {
    RunbookError e = only(VALID.replace("action: failover", "action: failovr"));

    assertError(e, 6, 13, "steps[0].action", "unknown action \"failovr\" (one of: failover,");
    assertThat(e.toString())
        .startsWith("runbooks/x.yaml:6:13: steps[0].action: unknown action \"failovr\"");
  }

  @Test
  void givenABadParamType_whenLoaded_itShouldNameTheParam() {
    String text =
        VALID
            .replace("[provider_outage]", "[task_queue_backlog]")
            .replace("action: failover", "action: scale_workers\n    factor: twice")
            .replace("scope: channel", "scope: queue")
            .replace("delivery_rate_percent >= 98", "backlog_age_ms < 1 * expected");
    assertError(only(text), 7, 13, "steps[0].factor", "\"twice\" is not a positive number");
  }

  @Test
  void givenAParamTheActionLacks_whenLoaded_itShouldListItsParams() {
    assertError(
        only(VALID.replace("action: failover", "action: failover\n    factor: 2")),
        7,
        5,
        "steps[0].factor",
        "unknown field \"factor\" for failover");
  }

  @Test
  void givenNoSteps_whenLoaded_itShouldSaySo() {
    assertError(
        only(VALID.replace("steps:\n  - action: failover\n", "steps: []\n")),
        5,
        8,
        "steps",
        "no steps");
  }

  @Test
  void givenABadExpression_whenLoaded_itShouldShowTheForm() {
    assertError(
        only(VALID.replace("delivery_rate_percent >= 98", "delivery_rate_percent => 98")),
        10,
        9,
        "verify.all[0]",
        "is not an expression");
  }

  @Test
  void givenAnUnknownMetric_whenLoaded_itShouldListTheMetrics() {
    assertError(
        only(VALID.replace("delivery_rate_percent >= 98", "success_rate >= 98")),
        10,
        9,
        "verify.all[0]",
        "unknown metric \"success_rate\"");
  }

  @Test
  void givenAMetricThatDoesNotFitTheScope_whenLoaded_itShouldSayWhichScopesItFits() {
    assertError(
        only(VALID.replace("delivery_rate_percent >= 98", "backlog_age_ms < 1000")),
        10,
        9,
        "verify.all[0]",
        "backlog_age_ms is not measured over scope channel (it fits: queue)");
  }

  @Test
  void givenAScopeTheTriggerDoesNotCarry_whenLoaded_itShouldSaySo() {
    assertError(
        only(
            VALID
                .replace("scope: channel", "scope: tenant")
                .replace("delivery_rate_percent >= 98", "tenant_volume_ratio < 10")),
        9,
        10,
        "verify.scope",
        "scope tenant needs a tenant, which trigger type provider_outage does not carry");
  }

  @Test
  void givenWhenMeasuredExpressions_whenLoaded_itShouldKeepThemApartFromAll() {
    RunbookLoader.Result result =
        load(
            VALID.replace(
                "  all: [\"delivery_rate_percent >= 98\"]\n",
                "  all: [\"call_success_percent >= 98\"]\n"
                    + "  whenMeasured: [\"delivery_rate_percent >= 97.5\"]\n"));

    assertThat(result.errors()).isEmpty();
    VerifyCondition v = result.runbooks().get(0).verify();
    assertThat(v.all())
        .extracting(VerifyCondition.Expression::text)
        .containsExactly("call_success_percent >= 98");
    assertThat(v.whenMeasured())
        .extracting(VerifyCondition.Expression::text)
        .containsExactly("delivery_rate_percent >= 97.5");
  }

  @Test
  void givenABadWhenMeasuredExpression_whenLoaded_itShouldNameItsField() {
    assertError(
        only(
            VALID.replace(
                "  all: [\"delivery_rate_percent >= 98\"]\n",
                "  all: [\"delivery_rate_percent >= 98\"]\n"
                    + "  whenMeasured: [\"backlog_age_ms < 5\"]\n")),
        11,
        18,
        "verify.whenMeasured[0]",
        "backlog_age_ms is not measured over scope channel");
  }

  @Test
  void givenAnEmptyWhenMeasured_whenLoaded_itShouldSaySo() {
    assertError(
        only(
            VALID.replace(
                "  all: [\"delivery_rate_percent >= 98\"]\n",
                "  all: [\"delivery_rate_percent >= 98\"]\n  whenMeasured: []\n")),
        11,
        17,
        "verify.whenMeasured",
        "no expressions");
  }

  @Test
  void givenASettle_whenLoaded_itShouldCarryItAndRefuseOneThatIsNotADuration() {
    RunbookLoader.Result ok =
        load(VALID.replace("stabilizationWait: 10s", "stabilizationWait: 10s\nsettle: 20s"));
    assertThat(ok.errors()).isEmpty();
    assertThat(ok.runbooks().get(0).settle()).isEqualTo(Duration.ofSeconds(20));

    assertError(
        only(VALID.replace("stabilizationWait: 10s", "stabilizationWait: 10s\nsettle: soon")),
        8,
        9,
        "settle",
        "\"soon\" is not a duration");
  }

  @Test
  void givenAZeroStabilizationWait_whenLoaded_itShouldRefuseIt() {
    assertError(
        only(VALID.replace("stabilizationWait: 10s", "stabilizationWait: 0s")),
        7,
        20,
        "stabilizationWait",
        "must be a positive duration");
  }

  @Test
  void givenARollbackOfAnActionWithNoUndo_whenLoaded_itShouldNameTheUndoableOnes() {
    assertError(
        only(VALID.replace("rollback: []", "rollback:\n  - action: notify")),
        12,
        13,
        "rollback[0].action",
        "notify has no undo");
  }

  @Test
  void givenAFileWithSeveralErrors_whenLoaded_itShouldReportThemAll() {
    String text =
        """
        name: Not_A_Name
        colour: blue
        trigger:
          types: [provider_outage, nope]
          minSeverity: severe
        steps:
          - action: failovr
          - action: throttle_tenant
        verify:
          scope: everywhere
          all: ["latency <<< 3"]
        """;

    RunbookLoader.Result result = load(text);

    assertThat(result.runbooks()).isEmpty();
    assertThat(result.errors())
        .extracting(RunbookError::field)
        .containsExactlyInAnyOrder(
            "colour",
            "name",
            "trigger.types[1]",
            "trigger.minSeverity",
            "steps[0].action",
            "steps[1]",
            "steps[1].action",
            "verify.scope",
            "verify.all[0]");
    assertThat(result.errors())
        .filteredOn(e -> e.field().equals("steps[0].action"))
        .singleElement()
        .satisfies(e -> assertThat(e.line()).isEqualTo(7));
  }

  @Test
  void givenInvalidFilesAtALocation_whenTheCatalogLoads_itShouldThrowListingEveryError() {
    assertThatThrownBy(() -> RunbookCatalog.load("classpath:remediation/invalid-runbooks/"))
        .isInstanceOf(InvalidRunbooksException.class)
        .hasMessageContaining("remediation/invalid-runbooks/bad.yaml:3:")
        .satisfies(
            e ->
                assertThat(((InvalidRunbooksException) e).errors())
                    .extracting(RunbookError::field)
                    .contains("trigger.types[0]", "steps[0].action"));
  }

  @Test
  void givenAThrottleWithBothRates_whenLoaded_itShouldAskForExactlyOne() {
    String text =
        VALID
            .replace("[provider_outage]", "[noisy_neighbor_volume]")
            .replace(
                "action: failover", "action: throttle_tenant\n    perSecond: 5\n    ofAverage: 2")
            .replace("scope: channel", "scope: tenant")
            .replace("delivery_rate_percent >= 98", "tenant_volume_ratio < 10");
    RunbookError e = only(text);
    assertThat(e.field()).isEqualTo("steps[0]");
    assertThat(e.message()).contains("exactly one of perSecond");
    assertThat(
            load(text.replace("    perSecond: 5\n", "")).runbooks().get(0).steps().get(0).params())
        .isEqualTo(Map.of("ofAverage", "2"));
  }
}
