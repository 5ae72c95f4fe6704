package io.iris.integrations.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

/**
 * The integrations module holds the outside world's protocols only: no persistence, no HTTP edge of
 * ours (servlet, Spring MVC, problem details), and nothing of the modules built on it. The enforcer
 * keeps such libraries off its dependency tree; this rule also catches what comes in another way (a
 * transitive jar, the JDK).
 */
class IntegrationsRulesTest {

  static final ArchRule PROTOCOLS_ONLY =
      noClasses()
          .that()
          .resideInAPackage("io.iris.integrations..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.jooq..",
              "java.sql..",
              "jakarta.servlet..",
              "org.springframework.web..",
              "org.springframework.http..",
              "io.iris.activities..",
              "io.iris.api..",
              "io.iris.workers..")
          .because("a provider's protocol is read here; our edge and our storage live elsewhere");

  @Test
  void givenTheIntegrationsModule_whenChecked_itShouldHoldProtocolsOnly() {
    JavaClasses production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.iris.integrations");
    PROTOCOLS_ONLY.check(production);
  }

  /** A class that breaks the rule, to prove the rule catches it. */
  static final class AnswersWithProblemDetails {
    ProblemDetail problem;
  }

  @Test
  void givenAClassUsingProblemDetails_whenChecked_itShouldBeRejected() {
    JavaClasses offender = new ClassFileImporter().importClasses(AnswersWithProblemDetails.class);
    assertThatThrownBy(() -> PROTOCOLS_ONLY.check(offender))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("org.springframework.http.ProblemDetail");
  }
}
