package io.iris.api.send;

import io.iris.api.problem.ApiProblem;
import io.iris.workflows.send.Channel;
import java.net.URI;
import java.util.regex.Pattern;

/** Shape checks of recipients at the door; providers still judge reachability. */
final class Recipients {

  private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}$");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  private Recipients() {}

  /** Throws a 400 naming {@code field} when the recipient cannot be one for the channel. */
  static void check(Channel channel, String to, String field) {
    String problem =
        switch (channel) {
          case SMS ->
              E164.matcher(to).matches()
                  ? null
                  : "must be an E.164 phone number such as +14155550100";
          case EMAIL -> EMAIL.matcher(to).matches() ? null : "must be an email address";
          case WEBHOOK, TEAMS -> isHttpUrl(to) ? null : "must be an http(s) URL";
          case SLACK, PUSH -> to.isBlank() ? "must not be blank" : null;
        };
    if (problem != null) {
      throw ApiProblem.invalidField(field, problem);
    }
  }

  private static boolean isHttpUrl(String to) {
    try {
      URI uri = URI.create(to);
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
