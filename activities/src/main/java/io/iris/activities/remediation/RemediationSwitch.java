package io.iris.activities.remediation;

/**
 * The kill switch: remediation runs only while both the configuration ({@code
 * IRIS_REMEDIATION_ENABLED}) and the runtime control {@code remediation.enabled} allow it.
 */
public interface RemediationSwitch {

  /** Whether remediation may act now (as this process last read the runtime control). */
  boolean enabled();
}
