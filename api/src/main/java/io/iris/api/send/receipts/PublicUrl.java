package io.iris.api.send.receipts;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.util.ForwardedHeaderUtils;
import org.springframework.web.util.UriComponents;

/**
 * The URL a caller used to reach us, as it wrote it: scheme, host and port as received (or as a
 * proxy reports them in {@code Forwarded}/{@code X-Forwarded-*} headers), then the path and query
 * string exactly as sent, undecoded. Twilio signs this URL.
 */
public final class PublicUrl {

  private PublicUrl() {}

  public static String of(HttpServletRequest request) {
    URI received =
        URI.create(
            request.getScheme()
                + "://"
                + hostForUri(request.getServerName())
                + ":"
                + request.getServerPort()
                + "/");
    // Only the headers are read: the body (which may hold form fields) stays untouched.
    UriComponents origin =
        ForwardedHeaderUtils.adaptFromForwardedHeaders(
                received, new ServletServerHttpRequest(request).getHeaders())
            .build();
    StringBuilder url = new StringBuilder();
    url.append(origin.getScheme()).append("://").append(origin.getHost());
    if (origin.getPort() != -1 && origin.getPort() != defaultPort(origin.getScheme())) {
      url.append(':').append(origin.getPort());
    }
    String prefix = request.getHeader("X-Forwarded-Prefix");
    if (prefix != null && !prefix.isBlank()) {
      String first = prefix.split(",")[0].trim();
      url.append(first.endsWith("/") ? first.substring(0, first.length() - 1) : first);
    }
    url.append(request.getRequestURI());
    if (request.getQueryString() != null) {
      url.append('?').append(request.getQueryString());
    }
    return url.toString();
  }

  /**
   * The URL as given, and the same URL with its default port written out or left out: proxies and
   * providers disagree about whether ":443" belongs in a signed URL, so both spellings are tried
   * (as the providers' own validators do).
   */
  public static List<String> spellings(String url) {
    List<String> spellings = new ArrayList<>();
    spellings.add(url);
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return spellings; // e.g. characters a lenient proxy let through: only the URL as received
    }
    int standard = defaultPort(uri.getScheme());
    if (standard == -1 || uri.getRawAuthority() == null) {
      return spellings;
    }
    String authority = uri.getRawAuthority();
    String prefix = uri.getScheme() + "://";
    String rest = url.substring(prefix.length() + authority.length());
    if (uri.getPort() == standard) {
      spellings.add(prefix + authority.substring(0, authority.lastIndexOf(':')) + rest);
    } else if (uri.getPort() == -1) {
      spellings.add(prefix + authority + ":" + standard + rest);
    }
    return spellings;
  }

  private static int defaultPort(String scheme) {
    return switch (scheme == null ? "" : scheme.toLowerCase(java.util.Locale.ROOT)) {
      case "http" -> 80;
      case "https" -> 443;
      default -> -1;
    };
  }

  private static String hostForUri(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
