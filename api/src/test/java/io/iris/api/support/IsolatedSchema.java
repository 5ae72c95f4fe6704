package io.iris.api.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * A PostgreSQL schema of its own in the test database, migrated from scratch with the real
 * migrations, for store tests that must not meet the rows (or the outbox sweep) of the running
 * application tests. jOOQ's generated names are unqualified, so the connection's schema decides.
 */
public final class IsolatedSchema implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final DSLContext db;

  private IsolatedSchema(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.db = DSL.using(dataSource, SQLDialect.POSTGRES);
  }

  /** Drops {@code schema} if it is there, creates it and migrates it. */
  public static IsolatedSchema fresh(String schema) {
    try (HikariDataSource admin = new HikariDataSource(config(null))) {
      try (Connection c = admin.getConnection();
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      Flyway.configure()
          .dataSource(admin)
          .schemas(schema)
          .locations("classpath:db/migration")
          .load()
          .migrate();
    }
    return new IsolatedSchema(new HikariDataSource(config(schema)));
  }

  private static HikariConfig config(String schema) {
    URI url =
        URI.create(
            System.getenv()
                .getOrDefault(
                    "IRIS_TEST_DATABASE_URL", "postgres://iris:iris@localhost:5432/iris_test"));
    String[] user = url.getUserInfo().split(":", 2);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + url.getPath());
    config.setUsername(user[0]);
    config.setPassword(user.length > 1 ? user[1] : "");
    config.setMaximumPoolSize(8);
    if (schema != null) {
      config.setSchema(schema);
    }
    return config;
  }

  public DSLContext db() {
    return db;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
