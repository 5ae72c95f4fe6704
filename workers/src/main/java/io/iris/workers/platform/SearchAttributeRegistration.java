package io.iris.workers.platform;

import io.iris.workflows.common.SearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.testing.TestEnvironmentOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the custom search attributes of DESIGN §3 with the server at start-up, so operators can
 * filter by tenant, channel, status or severity in the Temporal UI. Registration is idempotent:
 * attributes already present are left alone. The in-process server gets them through its options.
 */
@Configuration(proxyBeanMethods = false)
class SearchAttributeRegistration {

  private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistration.class);

  /** The attributes still missing from a server that has {@code existing}. */
  static Map<String, IndexedValueType> missing(Map<String, IndexedValueType> existing) {
    Map<String, IndexedValueType> missing = new LinkedHashMap<>();
    for (SearchAttributeKey<?> key : SearchAttributes.ALL) {
      if (!existing.containsKey(key.getName())) {
        missing.put(key.getName(), key.getValueType());
      }
    }
    return missing;
  }

  @Bean
  ApplicationRunner registerSearchAttributes(
      WorkflowServiceStubs stubs, TemporalSettings settings) {
    return (ApplicationArguments args) -> {
      if (settings.embedded()) {
        log.warn(
            "Temporal: using the in-process test server because no dev server was available."
                + " There is no Web UI and no Schedules; install the Temporal CLI (or Go) and"
                + " run `make run` again for the full platform.");
        return;
      }
      register(stubs, settings);
    };
  }

  private static void register(WorkflowServiceStubs stubs, TemporalSettings settings)
      throws InterruptedException {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults());
    Instant deadline = Instant.now().plus(settings.registrationTimeout());
    while (true) {
      try {
        Map<String, IndexedValueType> existing =
            operator
                .blockingStub()
                .listSearchAttributes(
                    ListSearchAttributesRequest.newBuilder()
                        .setNamespace(settings.namespace())
                        .build())
                .getCustomAttributesMap();
        Map<String, IndexedValueType> missing = missing(existing);
        if (!missing.isEmpty()) {
          operator
              .blockingStub()
              .addSearchAttributes(
                  AddSearchAttributesRequest.newBuilder()
                      .setNamespace(settings.namespace())
                      .putAllSearchAttributes(missing)
                      .build());
          log.info("Temporal: registered search attributes {}", missing.keySet());
        }
        return;
      } catch (RuntimeException e) {
        if (Instant.now().isAfter(deadline)) {
          log.error(
              "Temporal: could not register search attributes at {} ({}); readiness will report"
                  + " Temporal until it answers",
              settings.target(),
              e.getMessage());
          return;
        }
        Thread.sleep(Duration.ofMillis(500));
      }
    }
  }

  /** The in-process server knows only the attributes registered in its options. */
  @Bean
  TemporalOptionsCustomizer<TestEnvironmentOptions.Builder> embeddedServerOptions() {
    return builder -> {
      SearchAttributes.ALL.forEach(
          key -> builder.registerSearchAttribute(key.getName(), key.getValueType()));
      return builder.setUseTimeskipping(false);
    };
  }
}
