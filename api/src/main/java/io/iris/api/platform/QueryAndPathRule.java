package io.iris.api.platform;

import io.iris.api.problem.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.util.UriUtils;

/**
 * {@link TextRule} for the path and the query parameters of API routes, and one more rule for the
 * query: a parameter that is given must have a value ({@code ?tenantId=} is refused, not read as
 * "any tenant"). Runs after authentication and the scope check, before the handler reads anything.
 * Provider webhooks are left out: they authenticate by signature inside the handler, and check what
 * they read after that.
 */
@Configuration(proxyBeanMethods = false)
class QueryAndPathRule implements HandlerInterceptor, WebMvcConfigurer {

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/v1/**", "/sim/**").order(1);
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    TextRule.problem(UriUtils.decode(request.getRequestURI(), StandardCharsets.UTF_8))
        .ifPresent(
            p -> {
              throw ApiProblem.invalidParameter("path", p);
            });
    String query = request.getQueryString();
    if (query == null || query.isEmpty()) {
      return true;
    }
    boolean api = request.getRequestURI().startsWith(request.getContextPath() + "/v1");
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      TextRule.problem(name)
          .ifPresent(
              p -> {
                throw ApiProblem.invalidParameter("query", "has a parameter name that " + p);
              });
      TextRule.problem(value)
          .ifPresent(
              p -> {
                throw ApiProblem.invalidParameter(name, p);
              });
      if (api && value.isEmpty()) {
        throw ApiProblem.invalidParameter(name, "must not be empty (leave it out instead)");
      }
    }
    return true;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidParameter("query", "has a malformed %-escape");
    }
  }
}
