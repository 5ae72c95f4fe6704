package io.iris.activities.send.provider;

import okhttp3.Headers;

/**
 * What a provider answered: status, headers and the (bounded) body text.
 *
 * @param body the first {@link ProviderHttp#MAX_BODY_BYTES} bytes of the body as text, or ""
 */
record ProviderResponse(int status, Headers headers, String body) {

  boolean successful() {
    return status >= 200 && status < 300;
  }

  String header(String name) {
    String value = headers.get(name);
    return value == null ? "" : value;
  }
}
