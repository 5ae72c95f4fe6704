package io.iris.activities.incident;

import io.iris.integrations.spi.PublicBaseUrlSettings;
import io.iris.integrations.spi.SelfUrls;
import io.iris.workflows.incident.IncidentSnapshot;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The links notifications carry for an incident: the incident in the IRIS API ({@code
 * iris.public-base-url}) and its workflow in the Temporal Web UI ({@code
 * iris.incidents.temporal-ui-url}, namespace {@code iris.temporal.namespace}).
 */
@Component
public class IncidentLinks {

  private final PublicBaseUrlSettings publicBase;
  private final SelfUrls selfUrls;
  private final String temporalUiUrl;
  private final String namespace;

  @Autowired
  public IncidentLinks(
      PublicBaseUrlSettings publicBase,
      SelfUrls selfUrls,
      @Value("${iris.incidents.temporal-ui-url:}") String temporalUiUrl,
      @Value("${iris.temporal.namespace:default}") String namespace) {
    this.publicBase = publicBase;
    this.selfUrls = selfUrls;
    this.temporalUiUrl = temporalUiUrl == null ? "" : temporalUiUrl;
    this.namespace = namespace == null || namespace.isBlank() ? "default" : namespace.trim();
  }

  /**
   * {@code {public-base-url}/v1/incidents/{id}}; without a base, the snapshot's own absolute URL.
   */
  public Optional<String> incident(IncidentSnapshot incident) {
    String base = withoutTrailingSlash(selfUrls.resolve(publicBase.publicBaseUrl()));
    if (base.isEmpty()) {
      return Optional.ofNullable(incident.url()).filter(u -> u.startsWith("http"));
    }
    return Optional.of(base + "/v1/incidents/" + pathSegment(incident.incidentId()));
  }

  /**
   * {@code {temporal-ui-url}/namespaces/{namespace}/workflows/{workflowId}}, when both are known.
   */
  public Optional<String> workflow(IncidentSnapshot incident) {
    String ui = withoutTrailingSlash(selfUrls.resolve(temporalUiUrl));
    if (ui.isEmpty() || incident.workflowId() == null || incident.workflowId().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        ui
            + "/namespaces/"
            + pathSegment(namespace)
            + "/workflows/"
            + pathSegment(incident.workflowId()));
  }

  private static String withoutTrailingSlash(String url) {
    String s = url == null ? "" : url.strip();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static String pathSegment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
