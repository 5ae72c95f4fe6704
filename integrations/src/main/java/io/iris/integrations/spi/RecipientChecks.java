package io.iris.integrations.spi;

import io.iris.workflows.send.Recipients;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The recipient rule ({@link Recipients}, in the workflows module) as the adapters apply it: before
 * any call, a recipient the rule refuses fails as {@link ProviderException.Kind#INVALID_RECIPIENT}
 * without a request.
 */
public final class RecipientChecks {

  private RecipientChecks() {}

  public static String phoneNumber(String provider, OutboundMessage message) {
    String to = trimmed(message);
    Recipients.phoneNumberProblem(to).ifPresent(p -> refuse(provider, message, p));
    return to;
  }

  public static String email(String provider, OutboundMessage message) {
    String to = trimmed(message);
    Recipients.emailProblem(to).ifPresent(p -> refuse(provider, message, p));
    return to;
  }

  public static String present(String provider, OutboundMessage message, String what) {
    String to = trimmed(message);
    Recipients.presentProblem(to, what).ifPresent(p -> refuse(provider, message, p));
    return to;
  }

  /**
   * A recipient URL the rule accepts (after {@code {local-port}} is resolved), ready to call.
   *
   * @param problem the rule's verdict on the resolved URL
   */
  public static HttpUrl url(
      String provider, OutboundMessage message, String resolved, Optional<String> problem) {
    problem.ifPresent(p -> refuse(provider, message, p));
    HttpUrl url = HttpUrl.parse(resolved);
    if (url == null) {
      refuse(provider, message, "is not an http(s) URL");
    }
    return url;
  }

  public static ProviderException invalid(String provider, OutboundMessage message, String why) {
    return new ProviderException(
        ProviderException.Kind.INVALID_RECIPIENT,
        provider,
        0,
        "",
        provider + " was not called for message " + message.messageId() + ": " + why);
  }

  private static void refuse(String provider, OutboundMessage message, String problem) {
    throw invalid(provider, message, "the recipient " + problem);
  }

  private static String trimmed(OutboundMessage message) {
    return message.to() == null ? "" : message.to().trim();
  }
}
