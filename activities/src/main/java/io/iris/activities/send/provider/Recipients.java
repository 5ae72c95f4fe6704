package io.iris.activities.send.provider;

import java.util.regex.Pattern;

/**
 * Checks a recipient before any call, so a malformed one fails as {@code INVALID_RECIPIENT} without
 * a request (and without a charge). Failure messages never repeat the recipient.
 */
final class Recipients {

  private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}$");

  // A practical check, not RFC 5322: a local part without spaces or address-list punctuation, one
  // @, and a domain of at least two labels. The provider has the last word.
  private static final String LOCAL_CHAR = "[^@\\s\\p{Cntrl}<>()\\[\\],;:\"]";
  private static final String LABEL = "[^@\\s\\p{Cntrl}<>()\\[\\],;:\".]+";
  private static final Pattern EMAIL =
      Pattern.compile("^" + LOCAL_CHAR + "{1,64}@" + LABEL + "(\\." + LABEL + ")+$");

  private Recipients() {}

  static String phoneNumber(String provider, OutboundMessage message) {
    String to = message.to() == null ? "" : message.to().trim();
    if (!E164.matcher(to).matches()) {
      throw invalid(provider, message, "the recipient is not an E.164 phone number (+ and digits)");
    }
    return to;
  }

  static String email(String provider, OutboundMessage message) {
    String to = message.to() == null ? "" : message.to().trim();
    if (to.length() > 254 || !EMAIL.matcher(to).matches() || to.contains("..")) {
      throw invalid(provider, message, "the recipient is not an email address");
    }
    return to;
  }

  static String present(String provider, OutboundMessage message, String what) {
    String to = message.to() == null ? "" : message.to().trim();
    if (to.isEmpty() || to.chars().anyMatch(Character::isWhitespace)) {
      throw invalid(provider, message, "the recipient is not a " + what);
    }
    return to;
  }

  static ProviderException invalid(String provider, OutboundMessage message, String why) {
    return new ProviderException(
        ProviderException.Kind.INVALID_RECIPIENT,
        provider,
        0,
        "",
        provider + " was not called for message " + message.messageId() + ": " + why);
  }
}
