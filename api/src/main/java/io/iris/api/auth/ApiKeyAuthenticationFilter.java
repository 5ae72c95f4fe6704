package io.iris.api.auth;

import io.iris.api.problem.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bearer authentication for {@code /v1/**}. The presented key is hashed and looked up; it is never
 * logged, echoed or stored. Failures answer 401 problem+json with a {@code WWW-Authenticate}
 * header.
 */
@Component
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";
  static final String ALERTMANAGER_PATH = "/v1/alerts/alertmanager";

  private final ApiKeyService apiKeys;
  private final ProblemResponses problems;

  ApiKeyAuthenticationFilter(ApiKeyService apiKeys, ProblemResponses problems) {
    this.apiKeys = apiKeys;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    // Alertmanager authenticates with its own configured bearer token (checked by its controller).
    return !(path.equals("/v1") || path.startsWith("/v1/")) || path.equals(ALERTMANAGER_PATH);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      reject(
          request, response, "missing", "An 'Authorization: Bearer <api key>' header is required.");
      return;
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      reject(request, response, "invalid", "The Authorization header must use the Bearer scheme.");
      return;
    }
    Optional<ApiPrincipal> principal =
        apiKeys.authenticate(header.substring(BEARER.length()).trim());
    if (principal.isEmpty()) {
      reject(request, response, "invalid", "The API key is not valid, has expired or was revoked.");
      return;
    }
    request.setAttribute(ApiPrincipal.ATTRIBUTE, principal.get());
    chain.doFilter(request, response);
  }

  private void reject(
      HttpServletRequest request, HttpServletResponse response, String reason, String detail)
      throws IOException {
    ProblemDetail problem = ProblemResponses.forStatus(HttpStatus.UNAUTHORIZED, detail);
    response.setHeader(
        HttpHeaders.WWW_AUTHENTICATE,
        "missing".equals(reason)
            ? "Bearer realm=\"iris\""
            : "Bearer realm=\"iris\", error=\"invalid_token\"");
    problems.write(request, response, problem);
  }
}
