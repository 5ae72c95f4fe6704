package io.iris.api.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.iris.schema.jooq.tables.records.MessagesRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Repository;

/**
 * Stores return records, never jOOQ {@code *Record}s, to other modules (DESIGN §1): a jOOQ record
 * type is used only inside the store that maps it (a {@code @Repository} of the activities module).
 * The api module — its repositories included — and every other module see Java records.
 */
class ModuleLinesTest {

  static final String JOOQ_RECORDS = "io.iris.schema.jooq.tables.records..";

  /** Outside the activities module (and the schema that generates them) no class touches them. */
  static final ArchRule NO_JOOQ_RECORDS_OUTSIDE_ACTIVITIES =
      noClasses()
          .that()
          .resideInAPackage("io.iris..")
          .and()
          .resideOutsideOfPackages("io.iris.activities..", "io.iris.schema..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(JOOQ_RECORDS)
          .because("stores return Java records to other modules, never jOOQ records");

  /** Inside activities, only the stores map them. */
  static final ArchRule ONLY_STORES_USE_JOOQ_RECORDS =
      noClasses()
          .that()
          .resideInAPackage("io.iris.activities..")
          .and()
          .areNotAnnotatedWith(Repository.class)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(JOOQ_RECORDS)
          .because("a store (@Repository) maps its rows to Java records for everyone else");

  static JavaClasses production;

  @BeforeAll
  static void importProduction() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.iris");
  }

  @Test
  void givenTheModules_whenChecked_noJooqRecordShouldLeaveTheActivitiesModule() {
    NO_JOOQ_RECORDS_OUTSIDE_ACTIVITIES.check(production);
  }

  @Test
  void givenTheActivitiesModule_whenChecked_onlyItsStoresShouldUseJooqRecords() {
    ONLY_STORES_USE_JOOQ_RECORDS.check(production);
  }

  /** An api class that reads a jOOQ record, to prove the rule catches it. */
  static final class ReadsARow {
    String status(MessagesRecord row) {
      return row.getStatus();
    }
  }

  @Test
  void givenAnApiClassUsingAJooqRecord_whenChecked_itShouldBeRejected() {
    JavaClasses offender = new ClassFileImporter().importClasses(ReadsARow.class);
    assertThatThrownBy(() -> NO_JOOQ_RECORDS_OUTSIDE_ACTIVITIES.check(offender))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("MessagesRecord");
  }
}
