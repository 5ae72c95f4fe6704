package io.iris.workflows.common;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The custom search attributes of DESIGN §3, so operators can filter workflows in the Temporal UI.
 * All are keywords. They are registered with the server at worker start-up.
 */
public final class SearchAttributes {
  public static final SearchAttributeKey<String> TENANT_ID =
      SearchAttributeKey.forKeyword("IrisTenantId");
  public static final SearchAttributeKey<String> CHANNEL =
      SearchAttributeKey.forKeyword("IrisChannel");
  public static final SearchAttributeKey<String> PROVIDER =
      SearchAttributeKey.forKeyword("IrisProvider");
  public static final SearchAttributeKey<String> MESSAGE_STATUS =
      SearchAttributeKey.forKeyword("IrisMessageStatus");
  public static final SearchAttributeKey<String> INCIDENT_ID =
      SearchAttributeKey.forKeyword("IrisIncidentId");
  public static final SearchAttributeKey<String> SEVERITY =
      SearchAttributeKey.forKeyword("IrisSeverity");
  public static final SearchAttributeKey<String> INCIDENT_STATUS =
      SearchAttributeKey.forKeyword("IrisIncidentStatus");
  public static final SearchAttributeKey<String> RUNBOOK =
      SearchAttributeKey.forKeyword("IrisRunbook");

  /** Every custom attribute, for registration with a server. */
  public static final List<SearchAttributeKey<?>> ALL =
      List.of(
          TENANT_ID,
          CHANNEL,
          PROVIDER,
          MESSAGE_STATUS,
          INCIDENT_ID,
          SEVERITY,
          INCIDENT_STATUS,
          RUNBOOK);

  private SearchAttributes() {}
}
