package io.iris.api.support;

/** The Temporal dev server that {@code make test} starts for the end-to-end tests. */
public final class RealTemporal {

  /** The bootstrap admin key of application-test.yml. */
  public static final String ADMIN_KEY = "iris_test_bootstrap_admin_key_0123456789";

  private RealTemporal() {}

  /** {@code IRIS_IT_TEMPORAL_TARGET}; the end-to-end tests fail clearly without it. */
  public static String target() {
    String target = System.getenv("IRIS_IT_TEMPORAL_TARGET");
    if (target == null || target.isBlank()) {
      throw new IllegalStateException(
          "IRIS_IT_TEMPORAL_TARGET is not set: run the end-to-end tests through `make test`,"
              + " which starts a Temporal dev server for them");
    }
    return target;
  }
}
