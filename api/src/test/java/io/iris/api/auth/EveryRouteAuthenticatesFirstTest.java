package io.iris.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route the application maps — found from Spring's own handler mappings, so a route added
 * tomorrow is covered without editing this test — answers a caller without credentials with 401
 * problem+json, whatever the body: none, empty JSON, broken JSON, a form, a wrong content type.
 * Only the routes named in {@link #PUBLIC} answer without credentials, each for a stated reason.
 */
class EveryRouteAuthenticatesFirstTest extends ApiTestBase {

  /** Routes that are public on purpose. */
  private static final Set<String> PUBLIC =
      Set.of(
          // Spring's error page: reached only by a forward from another failed request.
          "/error",
          // The OpenAPI document and its UI describe the contract; they hold no tenant data.
          "/v3/api-docs",
          "/v3/api-docs.yaml",
          "/v3/api-docs/swagger-config",
          "/swagger-ui.html");

  /** The provider simulator of the dev profile: not part of the product (nor of its jar). */
  private static final String SIMULATOR = "/sim/";

  private static final String ID = UUID.randomUUID().toString();

  /** A body, its content type, and what it stands for. */
  record Body(String contentType, String text) {}

  private static final List<Body> BODIES =
      List.of(
          new Body(null, null),
          new Body("application/json", "{}"),
          new Body("application/json", "{\"not\":"),
          new Body("application/json", "[1,2,3]"),
          new Body("application/x-www-form-urlencoded", "payload=%7B%22type%22%3A1%7D&a=b"),
          new Body("text/plain", "\u0000\u0001 not a body"));

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  /** Each mapped route as "METHOD /path", with path variables filled in. */
  private List<String[]> routes() {
    Set<String> seen = new TreeSet<>();
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      for (String pattern : info.getPatternValues()) {
        if (pattern.startsWith(SIMULATOR) || PUBLIC.contains(pattern)) {
          continue;
        }
        String path = pattern.replaceAll("\\{[^}]+}", ID).replace("/**", "/any");
        for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
          seen.add(m.name() + " " + path);
        }
      }
    }
    return seen.stream().map(s -> s.split(" ", 2)).toList();
  }

  @Test
  void givenNoCredentials_whenEveryMappedRouteIsCalledWithAnyBody_itShouldBe401ProblemJson() {
    List<String[]> routes = routes();
    // The webhooks and the API are all there: the enumeration itself is not empty or partial.
    List<String> paths = routes.stream().map(r -> r[1]).toList();
    assertThat(paths)
        .contains(
            "/v1/messages",
            "/v1/incidents",
            "/v1/alerts/alertmanager",
            "/webhooks/telnyx",
            "/webhooks/slack/interactions",
            "/webhooks/pagerduty");
    List<String> wrong = new ArrayList<>();
    for (String[] route : routes) {
      for (Body body : BODIES) {
        Response r = api().send(route[0], route[1], null, body.contentType(), body.text());
        if (r.status() != 401 || !r.contentType().startsWith("application/problem+json")) {
          wrong.add(
              route[0]
                  + " "
                  + route[1]
                  + " ["
                  + body.contentType()
                  + "] -> "
                  + r.status()
                  + " "
                  + r.contentType());
        }
      }
    }
    assertThat(wrong).as("routes that did not answer 401 problem+json first").isEmpty();
  }

  @Test
  void givenAWrongBearerKey_whenEveryApiRouteIsCalled_itShouldBe401() {
    for (String[] route : routes()) {
      if (!route[1].startsWith("/v1")) {
        continue;
      }
      Response r =
          api()
              .send(
                  route[0],
                  route[1],
                  "iris_not_a_key_" + UUID.randomUUID(),
                  "application/json",
                  "{}");
      assertThat(r.status()).as(route[0] + " " + route[1] + " -> " + r.body()).isEqualTo(401);
      assertProblem(r, 401);
    }
  }
}
