package io.iris.workflows.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * The workflows module holds deterministic code only. Maven's enforcer keeps I/O libraries off its
 * dependency tree; this rule also keeps out classes that come with the JDK itself (JDBC, HTTP,
 * files, sockets), which no dependency rule can see.
 */
class DeterminismRulesTest {

  static final ArchRule NO_IO_IN_WORKFLOWS =
      noClasses()
          .that()
          .resideInAPackage("io.iris.workflows..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "org.jooq..",
              "java.sql..",
              "javax.sql..",
              "okhttp3..",
              "com.slack..",
              "com.github.dikhan..",
              "java.net.http..",
              "java.nio.file..")
          .because("workflow code must be deterministic: every I/O belongs in an activity");

  @Test
  void givenTheWorkflowsModule_whenChecked_itShouldUseNoIoClasses() {
    JavaClasses production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.iris.workflows");
    NO_IO_IN_WORKFLOWS.check(production);
  }

  /** A class that breaks the rule, to prove the rule catches it. */
  static final class UsesJdbc {
    Connection connection;
  }

  @Test
  void givenAClassUsingJdbc_whenChecked_itShouldBeRejected() {
    JavaClasses offender = new ClassFileImporter().importClasses(UsesJdbc.class);
    assertThatThrownBy(() -> NO_IO_IN_WORKFLOWS.check(offender))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("java.sql.Connection");
  }
}
