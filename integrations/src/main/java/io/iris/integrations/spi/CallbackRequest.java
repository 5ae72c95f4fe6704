package io.iris.integrations.spi;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A provider's callback as it came in, nothing parsed: the raw body (what was signed), the query
 * string undecoded, the headers, and the spellings of the URL the caller used (Twilio signs it).
 *
 * @param urlSpellings the URL as received, and the same with its default port written out or left
 *     out: proxies and providers disagree about ":443"
 * @param queryString the raw query string, or ""
 * @param headers header values by name (looked up without regard to case)
 * @param body the raw body
 */
public record CallbackRequest(
    List<String> urlSpellings, String queryString, Map<String, String> headers, byte[] body) {

  public CallbackRequest {
    urlSpellings = List.copyOf(urlSpellings);
    queryString = queryString == null ? "" : queryString;
    TreeMap<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(headers);
    headers = Collections.unmodifiableMap(byName);
    body = body.clone();
  }

  /** A header's value, trimmed; empty when absent or blank. */
  public Optional<String> header(String name) {
    String value = headers.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /**
   * A header the signature check needs: without it the request is unauthenticated.
   *
   * @param source what is refused, e.g. "Telnyx callback"
   */
  public String signatureHeader(String source, String name) {
    return header(name)
        .orElseThrow(
            () ->
                CallbackRejection.invalidSignature(source, "The " + name + " header is missing."));
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
