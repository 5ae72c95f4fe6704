package io.iris.api.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope of key a route needs, on a handler method or its controller. Checked by {@link
 * ScopeInterceptor} after authentication and before anything of the request is read or validated,
 * so a key of the wrong scope gets 403 whatever its body says.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresScope {
  Scope value();
}
