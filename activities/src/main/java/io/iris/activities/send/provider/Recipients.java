package io.iris.activities.send.provider;

import io.iris.activities.platform.SelfUrls;
import io.iris.workflows.send.Channel;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The one recipient rule per channel. The API checks it when it accepts a message (so nothing it
 * accepts is later refused as an invalid recipient) and the adapters check it again before any
 * call, so a malformed recipient fails as {@code INVALID_RECIPIENT} without a request (and without
 * a charge). Problems are phrased to follow "the recipient" (or a field name) and never repeat the
 * recipient.
 */
public final class Recipients {

  private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}$");

  // A practical check, not RFC 5322: a local part without spaces or address-list punctuation, one
  // @, and a domain of at least two labels. The provider has the last word.
  private static final String LOCAL_CHAR = "[^@\\s\\p{Cntrl}<>()\\[\\],;:\"]";
  private static final String LABEL = "[^@\\s\\p{Cntrl}<>()\\[\\],;:\".]+";
  private static final Pattern EMAIL =
      Pattern.compile("^" + LOCAL_CHAR + "{1,64}@" + LABEL + "(\\." + LABEL + ")+$");
  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

  private Recipients() {}

  /** A recipient URL under the rule: the URL to call, or why there is none. */
  record UrlCheck(HttpUrl url, String problem) {
    static UrlCheck refused(String problem) {
      return new UrlCheck(null, problem);
    }
  }

  /**
   * Why {@code to} cannot be a recipient on {@code channel} with these settings, e.g. "is not an
   * E.164 phone number (+ and digits)"; empty when it can. A webhook host that resolves to a
   * private address is only found out at send time (DNS answers change), a literal one here.
   */
  public static Optional<String> problem(
      Channel channel, String to, ProviderSettings settings, SelfUrls selfUrls) {
    String trimmed = to == null ? "" : to.trim();
    return switch (channel) {
      case SMS -> phoneNumberProblem(trimmed);
      case EMAIL -> emailProblem(trimmed);
      case SLACK -> presentProblem(trimmed, "Slack channel id");
      case PUSH -> presentProblem(trimmed, "device registration token");
      case TEAMS ->
          presentProblem(trimmed, "Teams webhook URL")
              .or(
                  () ->
                      Optional.ofNullable(teamsUrl(trimmed, settings.teams(), selfUrls).problem()));
      case WEBHOOK ->
          presentProblem(trimmed, "webhook URL")
              .or(
                  () -> {
                    UrlCheck check = webhookUrl(trimmed, settings.webhook(), selfUrls);
                    if (check.url() == null) {
                      return Optional.of(check.problem());
                    }
                    return !settings.webhook().allowPrivateAddresses()
                            && privateLiteral(check.url().host())
                        ? Optional.of("is a URL on a private, loopback or link-local address")
                        : Optional.empty();
                  });
    };
  }

  static String phoneNumber(String provider, OutboundMessage message) {
    String to = trimmed(message);
    phoneNumberProblem(to).ifPresent(p -> refuse(provider, message, p));
    return to;
  }

  static String email(String provider, OutboundMessage message) {
    String to = trimmed(message);
    emailProblem(to).ifPresent(p -> refuse(provider, message, p));
    return to;
  }

  static String present(String provider, OutboundMessage message, String what) {
    String to = trimmed(message);
    presentProblem(to, what).ifPresent(p -> refuse(provider, message, p));
    return to;
  }

  /** A Teams incoming-webhook URL: on an allowed host, https unless a local simulator's. */
  static UrlCheck teamsUrl(String to, ProviderSettings.Teams settings, SelfUrls selfUrls) {
    HttpUrl url = HttpUrl.parse(selfUrls.resolve(to));
    if (url == null) {
      return UrlCheck.refused("is not an http(s) URL");
    }
    String host = url.host().toLowerCase(Locale.ROOT);
    if (!allowed(host, settings.allowedHosts())) {
      return UrlCheck.refused("is a URL whose host is not in iris.providers.teams.allowed-hosts");
    }
    // Plain http only for a local simulator that the configuration lets in.
    if (!url.isHttps() && !isLocal(host)) {
      return UrlCheck.refused("is not an https URL");
    }
    return new UrlCheck(url, null);
  }

  /** A webhook target URL: https, unless private addresses are allowed (development). */
  static UrlCheck webhookUrl(String to, ProviderSettings.Webhook settings, SelfUrls selfUrls) {
    HttpUrl url = HttpUrl.parse(selfUrls.resolve(to));
    if (url == null) {
      return UrlCheck.refused("is not an http(s) URL");
    }
    if (!url.isHttps() && !settings.allowPrivateAddresses()) {
      return UrlCheck.refused("is not an https URL");
    }
    return new UrlCheck(url, null);
  }

  static ProviderException invalid(String provider, OutboundMessage message, String why) {
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

  private static Optional<String> phoneNumberProblem(String to) {
    return E164.matcher(to).matches()
        ? Optional.empty()
        : Optional.of("is not an E.164 phone number (+ and digits, e.g. +14155550100)");
  }

  private static Optional<String> emailProblem(String to) {
    return to.length() > 254 || !EMAIL.matcher(to).matches() || to.contains("..")
        ? Optional.of("is not an email address")
        : Optional.empty();
  }

  private static Optional<String> presentProblem(String to, String what) {
    return to.isEmpty() || to.chars().anyMatch(Character::isWhitespace)
        ? Optional.of("is not a " + what)
        : Optional.empty();
  }

  private static boolean allowed(String host, List<String> allowedHosts) {
    for (String suffix : allowedHosts) {
      String s = suffix.trim().toLowerCase(Locale.ROOT);
      if (s.startsWith(".")) {
        s = s.substring(1);
      }
      if (!s.isEmpty() && (host.equals(s) || host.endsWith("." + s))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLocal(String host) {
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
  }

  /** A host given as an address (or localhost) that is private: no DNS is asked. */
  private static boolean privateLiteral(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!IPV4.matcher(host).matches() && !host.contains(":")) {
      return false;
    }
    try {
      return WebhookAdapter.isPrivate(InetAddress.getByName(host));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
