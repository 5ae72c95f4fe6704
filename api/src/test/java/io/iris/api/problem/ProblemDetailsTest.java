package io.iris.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@Import(ProblemDetailsTest.Failing.class)
class ProblemDetailsTest extends ApiTestBase {

  /** A route that fails the way a bug would, to see what a client gets then (a member class). */
  @TestConfiguration(proxyBeanMethods = false)
  static class Failing {
    @RestController
    static class FailingController {
      @GetMapping("/v1/test/failure")
      String fail() {
        throw new IllegalStateException("secret internal detail: password=hunter2");
      }
    }
  }

  @Test
  void givenMalformedJson_whenPosted_itShouldSay400WithWhereTheJsonBreaks() {
    Response r = api().post("/v1/tenants", ADMIN_KEY, "{\"name\": ");
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText()).startsWith("Malformed JSON at line 1");
  }

  @Test
  void givenAMissingField_whenPosted_itShouldNameTheField() {
    Response r = api().post("/v1/tenants", ADMIN_KEY, "{}");
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText()).contains("'name'");
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("name");
  }

  @Test
  void givenAMistypedField_whenPosted_itShouldNameTheFieldAndTheExpectedType() {
    Response r = api().post("/v1/tenants", ADMIN_KEY, "{\"name\": 42}");
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText()).isEqualTo("Field 'name' must be a string.");

    Response badDate =
        api().post("/v1/admin/api-keys", ADMIN_KEY, "{\"name\":\"k\",\"expiresAt\":\"soon\"}");
    assertProblem(badDate, 400);
    assertThat(badDate.json().get("errors").get(0).get("field").asText()).isEqualTo("expiresAt");
  }

  @Test
  void givenAnUnknownField_whenPosted_itShouldNameIt() {
    Response r = api().post("/v1/tenants", ADMIN_KEY, "{\"name\":\"a\",\"nmae\":\"b\"}");
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText()).contains("'nmae'");
  }

  @Test
  void givenAnEmptyBodyOrAWrongMediaType_whenPosted_itShouldSayWhatIsExpected() {
    Response empty = api().send("POST", "/v1/tenants", ADMIN_KEY, "application/json", "");
    assertProblem(empty, 400);
    Response text = api().send("POST", "/v1/tenants", ADMIN_KEY, "text/plain", "name=x");
    assertProblem(text, 415);
  }

  @Test
  void givenUnknownPathsAndMethods_whenCalled_theyShouldBeProblemsToo() {
    Response unknown = api().get("/no/such/page", null);
    assertProblem(unknown, 404);
    assertThat(unknown.json().get("detail").asText()).contains("/no/such/page");
    assertProblem(api().get("/v1/no/such/route", ADMIN_KEY), 404);
    assertProblem(api().send("PUT", "/v1/tenants", ADMIN_KEY, "application/json", "{}"), 405);
  }

  @Test
  void givenABadPathOrQueryParameter_whenCalled_itShouldNameTheParameter() {
    Response badId = api().get("/v1/tenants/not-a-uuid", ADMIN_KEY);
    assertProblem(badId, 400);
    assertThat(badId.json().get("detail").asText()).isEqualTo("Parameter 'id' must be a UUID.");
    Response badLimit = api().get("/v1/tenants?limit=0", ADMIN_KEY);
    assertProblem(badLimit, 400);
    assertThat(badLimit.json().get("errors").get(0).get("field").asText()).isEqualTo("limit");
  }

  @Test
  void givenAnUnexpectedFailure_whenCalled_itShouldAnswer500WithoutInternals() {
    Response r = api().get("/v1/test/failure", ADMIN_KEY);
    assertProblem(r, 500);
    assertThat(r.body()).doesNotContain("hunter2").doesNotContain("IllegalState");
  }
}
