package io.iris.api.incident;

import io.iris.activities.incident.IncidentSettings;
import io.iris.api.problem.ApiProblem;
import io.iris.api.problem.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Alertmanager's bearer token (the {@code http_config} of its webhook receiver, {@code
 * IRIS_ALERTMANAGER_TOKEN}), checked before anything reads the body: an unauthenticated post gets
 * 401 whatever it carries.
 */
@Component
class AlertmanagerAuthentication extends OncePerRequestFilter {

  private final IncidentSettings settings;
  private final ProblemResponses problems;

  AlertmanagerAuthentication(IncidentSettings settings, ProblemResponses problems) {
    this.settings = settings;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request
        .getRequestURI()
        .substring(request.getContextPath().length())
        .equals(AlertmanagerController.PATH);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String expected = settings.alertmanagerToken();
    if (expected == null || expected.isBlank()) {
      problems.write(
          request,
          response,
          ApiProblem.forbidden("Alertmanager intake is off: IRIS_ALERTMANAGER_TOKEN is not set.")
              .getBody());
      return;
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    String given =
        authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? authorization.substring(7).trim()
            : "";
    if (!MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"iris-alertmanager\"");
      problems.write(
          request,
          response,
          ApiProblem.unauthorized("The Alertmanager bearer token is missing or wrong.").getBody());
      return;
    }
    chain.doFilter(request, response);
  }
}
