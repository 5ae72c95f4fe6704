package io.iris.api.platform;

import io.iris.activities.remediation.RunbookLoader;
import io.iris.activities.remediation.TenantThrottles;
import io.iris.api.problem.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a client address of {@code blocked_ips} (set by a remediation's {@code block_ip}) with
 * 403 problem+json, before the API-key authentication runs. It reads the in-memory snapshot only
 * ({@link TenantThrottles}), never the database. The address is the connection's ({@code
 * getRemoteAddr}); health probes ({@code /actuator}) are never refused.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class BlockedIpFilter extends OncePerRequestFilter {

  private final TenantThrottles blocks;
  private final ProblemResponses problems;

  BlockedIpFilter(TenantThrottles blocks, ProblemResponses problems) {
    this.blocks = blocks;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith("/actuator");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<String> ip =
        request.getRemoteAddr() == null
            ? Optional.empty()
            : RunbookLoader.ipLiteral(request.getRemoteAddr());
    Optional<TenantThrottles.Block> block = ip.flatMap(blocks::block);
    if (block.isPresent()) {
      problems.write(
          request,
          response,
          ProblemResponses.forStatus(
              HttpStatus.FORBIDDEN,
              "Requests from this address are refused until "
                  + block.get().expiresAt()
                  + " ("
                  + block.get().reason()
                  + ")."));
      return;
    }
    chain.doFilter(request, response);
  }
}
