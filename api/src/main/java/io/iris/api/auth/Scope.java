package io.iris.api.auth;

import java.util.Locale;

/** What an API key may do: operate the platform, or act for one tenant. */
public enum Scope {
  ADMIN,
  TENANT;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Scope fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
