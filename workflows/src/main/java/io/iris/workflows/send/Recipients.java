package io.iris.workflows.send;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one recipient rule per channel, pure: the API checks it when it accepts a message (so nothing
 * it accepts is later refused as an invalid recipient) and the adapters check it again before any
 * call, so a malformed recipient fails as {@code INVALID_RECIPIENT} without a request (and without
 * a charge). Problems are phrased to follow "the recipient" (or a field name) and never repeat the
 * recipient.
 *
 * <p>No I/O: URLs are read as text, and a host is checked for a private address only when it is
 * written as one (a literal); what a name resolves to is checked by the webhook adapter at send
 * time, with {@link #isPrivate}.
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

  /**
   * The parts of the rule that come from configuration.
   *
   * @param teamsAllowedHosts host suffixes a Teams webhook URL may have ({@code
   *     iris.providers.teams.allowed-hosts})
   * @param webhookAllowPrivateAddresses plain http and private targets allowed for webhooks ({@code
   *     iris.providers.webhook.allow-private-addresses}; development only)
   */
  public record Rules(List<String> teamsAllowedHosts, boolean webhookAllowPrivateAddresses) {
    public Rules {
      teamsAllowedHosts = teamsAllowedHosts == null ? List.of() : List.copyOf(teamsAllowedHosts);
    }
  }

  private Recipients() {}

  /**
   * Why {@code to} cannot be a recipient on {@code channel} under these rules, e.g. "is not an
   * E.164 phone number (+ and digits)"; empty when it can.
   *
   * @param to the recipient, with any {@code {local-port}} of a URL already resolved
   */
  public static Optional<String> problem(Channel channel, String to, Rules rules) {
    String trimmed = to == null ? "" : to.trim();
    return switch (channel) {
      case SMS -> phoneNumberProblem(trimmed);
      case EMAIL -> emailProblem(trimmed);
      case SLACK -> presentProblem(trimmed, "Slack channel id");
      case PUSH -> presentProblem(trimmed, "device registration token");
      case TEAMS ->
          presentProblem(trimmed, "Teams webhook URL")
              .or(() -> teamsUrlProblem(trimmed, rules.teamsAllowedHosts()));
      case WEBHOOK ->
          presentProblem(trimmed, "webhook URL")
              .or(() -> webhookUrlProblem(trimmed, rules.webhookAllowPrivateAddresses()));
    };
  }

  public static Optional<String> phoneNumberProblem(String to) {
    return E164.matcher(to).matches()
        ? Optional.empty()
        : Optional.of("is not an E.164 phone number (+ and digits, e.g. +14155550100)");
  }

  public static Optional<String> emailProblem(String to) {
    return to.length() > 254 || !EMAIL.matcher(to).matches() || to.contains("..")
        ? Optional.of("is not an email address")
        : Optional.empty();
  }

  /** Present and without whitespace; {@code what} names the kind, e.g. "Slack channel id". */
  public static Optional<String> presentProblem(String to, String what) {
    return to.isEmpty() || to.chars().anyMatch(Character::isWhitespace)
        ? Optional.of("is not a " + what)
        : Optional.empty();
  }

  /** A Teams incoming-webhook URL: on an allowed host, https unless a local simulator's. */
  public static Optional<String> teamsUrlProblem(String url, List<String> allowedHosts) {
    Optional<Url> parsed = Url.parse(url);
    if (parsed.isEmpty()) {
      return Optional.of("is not an http(s) URL");
    }
    String host = parsed.get().host();
    if (!allowed(host, allowedHosts)) {
      return Optional.of("is a URL whose host is not in iris.providers.teams.allowed-hosts");
    }
    // Plain http only for a local simulator that the configuration lets in.
    if (!parsed.get().https() && !isLocal(host)) {
      return Optional.of("is not an https URL");
    }
    return Optional.empty();
  }

  /**
   * A webhook target URL: https, and not at a private address written as a literal, unless private
   * addresses are allowed (development). A host name that resolves to a private address is only
   * found out at send time (DNS answers change).
   */
  public static Optional<String> webhookUrlProblem(String url, boolean allowPrivateAddresses) {
    Optional<Url> parsed = Url.parse(url);
    if (parsed.isEmpty()) {
      return Optional.of("is not an http(s) URL");
    }
    if (allowPrivateAddresses) {
      return Optional.empty();
    }
    if (!parsed.get().https()) {
      return Optional.of("is not an https URL");
    }
    return privateLiteral(parsed.get().host())
        ? Optional.of("is a URL on a private, loopback or link-local address")
        : Optional.empty();
  }

  /**
   * Whether an address is one a webhook must not reach: loopback, site-local, link-local, any,
   * multicast, IPv6 unique local, or carrier-grade NAT.
   */
  public static boolean isPrivate(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isAnyLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address) {
      return (bytes[0] & 0xfe) == 0xfc; // fc00::/7 unique local
    }
    // 100.64.0.0/10 carrier-grade NAT: internal to providers and clouds.
    return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
  }

  /** An http(s) URL's scheme and host (lower case, IPv6 without brackets). */
  private record Url(boolean https, String host) {
    static Optional<Url> parse(String text) {
      URI uri;
      try {
        uri = new URI(text);
      } catch (URISyntaxException e) {
        return Optional.empty();
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return Optional.empty();
      }
      String host = uri.getHost() != null ? uri.getHost() : hostOf(uri.getRawAuthority());
      if (host == null || host.isEmpty()) {
        return Optional.empty();
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return Optional.of(new Url(scheme.equals("https"), host.toLowerCase(Locale.ROOT)));
    }

    /** The host of an authority URI does not read as a server's (e.g. an underscore in it). */
    private static String hostOf(String authority) {
      if (authority == null) {
        return null;
      }
      String host = authority.substring(authority.lastIndexOf('@') + 1);
      int colon = host.lastIndexOf(':');
      return colon >= 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
    }
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

  /** A host given as an address (or localhost) that is private. No DNS is asked: a literal only. */
  private static boolean privateLiteral(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!IPV4.matcher(host).matches() && !host.contains(":")) {
      return false;
    }
    try {
      // A literal address: InetAddress only checks its format, it asks no name server.
      return isPrivate(InetAddress.getByName(host));
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
