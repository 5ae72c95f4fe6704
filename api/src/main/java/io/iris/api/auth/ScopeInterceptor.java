package io.iris.api.auth;

import io.iris.api.problem.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Enforces {@link RequiresScope}: runs once the route is known and before its arguments (the body
 * among them) are read, so the order is always authenticate (the filter), authorize (here), then
 * validate.
 */
@Configuration(proxyBeanMethods = false)
class ScopeInterceptor implements HandlerInterceptor, WebMvcConfigurer {

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/v1/**").order(0);
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    RequiresScope required =
        AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequiresScope.class);
    if (required == null) {
      required =
          AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresScope.class);
    }
    if (required == null
        || !(request.getAttribute(ApiPrincipal.ATTRIBUTE) instanceof ApiPrincipal principal)
        || principal.scope() == required.value()) {
      return true;
    }
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    String route =
        request.getMethod() + " " + (pattern != null ? pattern : request.getRequestURI());
    throw ApiProblem.forbidden(
        required.value() == Scope.ADMIN
            ? route + " needs an admin API key."
            : route + " acts for one tenant and needs that tenant's API key, not an admin key.");
  }
}
