package io.iris.api.platform;

import io.swagger.v3.oas.models.Operation;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Operation ids that say what an operation is, so generated clients get {@code tenant_create} and
 * {@code message_get} rather than {@code create_1} and {@code get_3}: the controller's resource
 * (its class name without "Controller") followed by the method name. An id given in
 * {@code @Operation(operationId)} is kept.
 */
final class OperationNames implements OperationCustomizer {

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    io.swagger.v3.oas.annotations.Operation declared =
        AnnotatedElementUtils.findMergedAnnotation(
            handler.getMethod(), io.swagger.v3.oas.annotations.Operation.class);
    if (declared == null || declared.operationId().isBlank()) {
      operation.setOperationId(idOf(handler));
    }
    return operation;
  }

  static String idOf(HandlerMethod handler) {
    String resource = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
    String method = handler.getMethod().getName();
    return Character.toLowerCase(resource.charAt(0))
        + resource.substring(1)
        + Character.toUpperCase(method.charAt(0))
        + method.substring(1);
  }
}
