package io.iris.activities.routing;

import java.time.Duration;

/** The checks the routing context's settings records share; each message names the key. */
final class Settings {

  private Settings() {}

  static void requirePositive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive duration, got " + value);
    }
  }

  static void requireAtLeast(String key, long value, long least) {
    if (value < least) {
      throw new IllegalArgumentException(key + " must be at least " + least + ", got " + value);
    }
  }

  static void requireScore(String key, double value) {
    if (!(value >= 0 && value <= 100)) {
      throw new IllegalArgumentException(key + " must be from 0 to 100, got " + value);
    }
  }

  static void requireShare(String key, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(key + " must be from 0 to 1, got " + value);
    }
  }
}
