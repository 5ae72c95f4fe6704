package io.iris.integrations.spi;

import okhttp3.Headers;

/**
 * What a provider answered: status, headers and the (bounded) body text.
 *
 * @param body the body as text, or "": at most the bytes the call allowed ({@link
 *     ProviderHttp#MAX_BODY_BYTES} unless it allowed more)
 * @param truncated the answer was longer than the call allowed, so {@code body} is cut short
 */
public record ProviderResponse(int status, Headers headers, String body, boolean truncated) {

  public boolean successful() {
    return status >= 200 && status < 300;
  }

  public String header(String name) {
    String value = headers.get(name);
    return value == null ? "" : value;
  }
}
