package io.iris.api.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * Strict request reading: a number where text is expected (or the reverse) is a mistyped field,
 * reported by name, rather than silently converted. Request bodies are read stricter still: every
 * string obeys {@link TextRule}, a key given twice is refused rather than taking the last value,
 * and so is anything after the JSON value. That part is the request converter's own copy of the
 * mapper, so what the application reads elsewhere (provider answers, its own stored JSON) is read
 * as before.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

  /** Replaces Boot's JSON converter (it backs off when one is defined). */
  @Bean
  MappingJackson2HttpMessageConverter requestJson(ObjectMapper mapper) {
    ObjectMapper strict =
        mapper
            .copy()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .registerModule(new TextRuleModule());
    return new MappingJackson2HttpMessageConverter(strict);
  }

  @Bean
  Jackson2ObjectMapperBuilderCustomizer strictCoercion() {
    return builder ->
        builder.postConfigurer(
            mapper -> {
              mapper
                  .coercionConfigFor(LogicalType.Textual)
                  .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                  .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                  .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
              for (LogicalType type :
                  new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
                mapper
                    .coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
              }
            });
  }
}
