package io.iris.api.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Installs {@code IRIS_BOOTSTRAP_ADMIN_KEY} as the bootstrap admin key at start-up. */
@Component
class BootstrapAdminKey implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

  /** Shorter keys could be guessed; generated keys have 43 random characters. */
  static final int MIN_LENGTH = 32;

  private final ApiKeyService apiKeys;
  private final AuthSettings settings;

  BootstrapAdminKey(ApiKeyService apiKeys, AuthSettings settings) {
    this.apiKeys = apiKeys;
    this.settings = settings;
  }

  @Override
  public void run(ApplicationArguments args) {
    String key = settings.bootstrapAdminKey();
    if (key == null || key.isBlank()) {
      log.info("No IRIS_BOOTSTRAP_ADMIN_KEY set: existing admin keys are the way in.");
      return;
    }
    key = key.trim();
    if (!key.startsWith(ApiKeySecrets.PREFIX) || key.length() < MIN_LENGTH) {
      throw new IllegalStateException(
          "IRIS_BOOTSTRAP_ADMIN_KEY must start with '"
              + ApiKeySecrets.PREFIX
              + "' and be at least "
              + MIN_LENGTH
              + " characters long");
    }
    apiKeys.installBootstrapKey(key);
    log.info("Bootstrap admin key installed (prefix {}).", ApiKeySecrets.displayPrefix(key));
  }
}
