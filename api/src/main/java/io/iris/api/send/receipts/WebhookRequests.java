package io.iris.api.send.receipts;

import io.iris.api.webhook.WebhookProblems;
import io.iris.integrations.spi.CallbackRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Reading a callback without disturbing what was signed. The body is read from the input stream
 * before anything asks the servlet container for parameters (which, for a form post, would consume
 * and re-decode it); the query string is handed on undecoded.
 */
public final class WebhookRequests {

  private WebhookRequests() {}

  /** The raw body, at most {@code limit} bytes. */
  public static byte[] body(HttpServletRequest request, long limit) throws IOException {
    byte[] body =
        request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (body.length > limit) {
      throw WebhookProblems.tooLarge(limit);
    }
    return body;
  }

  /** The callback as the integrations read it: body, headers, query and the URL's spellings. */
  public static CallbackRequest callback(HttpServletRequest request, byte[] body) {
    Map<String, String> headers = new HashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.putIfAbsent(name, request.getHeader(name));
    }
    return new CallbackRequest(
        PublicUrl.spellings(PublicUrl.of(request)), request.getQueryString(), headers, body);
  }
}
