package io.iris.api.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While PostgreSQL is unreachable every route answers at once (the pool gives up after {@code
 * IRIS_DB_CONNECTION_TIMEOUT}) with 503 problem+json and {@code Retry-After}, rather than a 500 or
 * a hung request. Nothing was done: the request's transaction never committed. Requests fail in two
 * places, so there are two doors: controllers (this advice) and filters before them, such as
 * API-key authentication (the nested filter).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DatabaseOutage {

  private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

  private final ProblemResponses problems;
  private final Duration retryAfter;

  DatabaseOutage(
      ProblemResponses problems, @Value("${iris.api.database-retry-after}") Duration retryAfter) {
    this.problems = problems;
    this.retryAfter = retryAfter;
  }

  /** Whether {@code failure} means the database cannot be reached (rather than a bad query). */
  public static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CannotGetJdbcConnectionException
          || t instanceof CannotCreateTransactionException
          || t instanceof SQLTransientConnectionException
          || t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exceptions; 57P01-57P03: the server is shutting down or starting up.
        if (state.startsWith("08") || state.startsWith("57P0")) {
          return true;
        }
      }
    }
    return false;
  }

  ProblemDetail problem() {
    return ProblemResponses.forStatus(
        HttpStatus.SERVICE_UNAVAILABLE,
        "The database is unreachable, so the request was not carried out. Retry after "
            + seconds()
            + " s.");
  }

  private long seconds() {
    return Math.max(1, retryAfter.toSeconds());
  }

  @ExceptionHandler({
    org.springframework.dao.DataAccessException.class,
    org.jooq.exception.DataAccessException.class,
    CannotCreateTransactionException.class
  })
  ResponseEntity<ProblemDetail> databaseFailure(Exception ex) {
    if (!isOutage(ex)) {
      // A bug, not an outage: logged with its stack, answered with nothing internal.
      log.error("database error", ex);
      return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(
              ProblemResponses.forStatus(
                  HttpStatus.INTERNAL_SERVER_ERROR, "The server could not complete the request."));
    }
    log.warn("database unreachable: {}", ex.getMessage());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds()))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem());
  }

  /** The same answer for failures in filters (authentication looks the key up first). */
  @Component
  @Order(Ordered.HIGHEST_PRECEDENCE + 20)
  static class Filter extends OncePerRequestFilter {

    private final DatabaseOutage outage;

    Filter(DatabaseOutage outage) {
      this.outage = outage;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      try {
        chain.doFilter(request, response);
      } catch (RuntimeException | ServletException e) {
        if (!isOutage(e) || response.isCommitted()) {
          throw e;
        }
        log.warn("database unreachable on {}: {}", request.getRequestURI(), e.getMessage());
        response.resetBuffer();
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(outage.seconds()));
        outage.problems.write(request, response, outage.problem());
      }
    }
  }
}
