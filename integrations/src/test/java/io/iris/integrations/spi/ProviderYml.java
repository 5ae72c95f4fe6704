package io.iris.integrations.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** Binds settings from iris-providers.yml, with environment variables on top, as Boot does. */
public final class ProviderYml {

  private ProviderYml() {}

  public static <T> T bind(String prefix, Class<T> type, Map<String, Object> environment) {
    MutablePropertySources sources = new MutablePropertySources();
    try {
      for (PropertySource<?> source :
          new YamlPropertySourceLoader()
              .load("iris-providers", new ClassPathResource("iris-providers.yml"))) {
        sources.addLast(source);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    sources.addFirst(new MapPropertySource("env", environment));
    return new Binder(
            ConfigurationPropertySources.from(sources),
            new PropertySourcesPlaceholdersResolver(sources))
        .bind(prefix, type)
        .get();
  }

  public static <T> T bind(String prefix, Class<T> type) {
    return bind(prefix, type, Map.of());
  }
}
