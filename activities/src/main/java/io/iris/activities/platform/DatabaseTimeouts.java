package io.iris.activities.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Short connection timeouts, so that while PostgreSQL is down a request or an activity attempt
 * fails in about a second (the API answers 503, the activity retries) instead of holding a thread
 * for Hikari's default 30 s. {@code iris.database.connection-timeout} ({@code
 * IRIS_DB_CONNECTION_TIMEOUT}) bounds both the wait for a pooled connection and the TCP connect of
 * a new one.
 */
@Component
class DatabaseTimeouts implements BeanPostProcessor, EnvironmentAware {

  private Duration connectionTimeout = Duration.ofSeconds(2);

  @Override
  public void setEnvironment(Environment environment) {
    connectionTimeout =
        Binder.get(environment)
            .bind("iris.database.connection-timeout", Duration.class)
            .orElse(connectionTimeout);
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof HikariDataSource pool) {
      long millis = Math.max(250, connectionTimeout.toMillis());
      pool.setConnectionTimeout(millis);
      pool.setValidationTimeout(Math.max(250, Math.min(millis, 5_000) - 1));
      // pgjdbc's own connect timeout is in whole seconds.
      pool.addDataSourceProperty("connectTimeout", Math.max(1, (millis + 999) / 1000));
    }
    return bean;
  }
}
