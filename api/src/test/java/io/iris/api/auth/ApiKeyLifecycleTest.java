package io.iris.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.api.support.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ApiKeyLifecycleTest extends ApiTestBase {

  @Autowired TestClock clock;
  @Autowired ApiKeyService apiKeys;

  @Test
  void givenARotation_whenWithinTheGracePeriod_bothKeysShouldWork_andAfterItOnlyTheNewOne() {
    JsonNode tenant = createTenant(uniqueName("rot"));
    String oldKey = tenant.get("apiKey").asText();
    String oldId = tenant.get("apiKeyId").asText();

    Response rotated =
        api().post("/v1/api-keys/" + oldId + "/rotate", oldKey, "{\"gracePeriod\":\"PT1H\"}");
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
    String newKey = rotated.json().get("apiKey").asText();
    assertThat(newKey).isNotEqualTo(oldKey).startsWith("iris_");

    assertThat(api().get("/v1/me", oldKey).status()).isEqualTo(200);
    assertThat(api().get("/v1/me", newKey).status()).isEqualTo(200);
    Response keys = api().get("/v1/tenants/" + tenant.get("id").asText() + "/api-keys", newKey);
    assertThat(keys.json().findValuesAsText("status"))
        .containsExactlyInAnyOrder("active", "expiring");

    clock.advance(Duration.ofMinutes(61));

    assertProblem(api().get("/v1/me", oldKey), 401);
    assertThat(api().get("/v1/me", newKey).status()).isEqualTo(200);
  }

  @Test
  void givenARotationWithoutAGracePeriod_itShouldUseTheConfiguredDefault() {
    JsonNode tenant = createTenant(uniqueName("rot-default"));
    String oldKey = tenant.get("apiKey").asText();
    Response rotated =
        api().post("/v1/api-keys/" + tenant.get("apiKeyId").asText() + "/rotate", ADMIN_KEY, "{}");
    assertThat(rotated.status()).isEqualTo(201);
    Duration grace =
        Duration.between(
            clock.instant(),
            java.time.Instant.parse(rotated.json().get("previousKeyExpiresAt").asText()));
    assertThat(grace).isEqualTo(Duration.ofHours(24));
    assertThat(api().get("/v1/me", oldKey).status()).isEqualTo(200);
  }

  @Test
  void givenAnOutOfRangeGracePeriod_itShouldBeRejectedNamingTheField() {
    JsonNode tenant = createTenant(uniqueName("rot-bad"));
    String path = "/v1/api-keys/" + tenant.get("apiKeyId").asText() + "/rotate";
    Response tooLong = api().post(path, ADMIN_KEY, "{\"gracePeriod\":\"P90D\"}");
    assertProblem(tooLong, 400);
    assertThat(tooLong.json().get("errors").get(0).get("field").asText()).isEqualTo("gracePeriod");
    assertProblem(api().post(path, ADMIN_KEY, "{\"gracePeriod\":\"-PT1H\"}"), 400);
    // Nothing changed: the key still rotates normally afterwards.
    assertThat(api().post(path, ADMIN_KEY, "{}").status()).isEqualTo(201);
    // ...and a rotated key cannot be rotated again.
    assertProblem(api().post(path, ADMIN_KEY, "{}"), 409);
  }

  @Test
  void givenARevokedKey_itShouldStopWorkingAtOnce() {
    JsonNode tenant = createTenant(uniqueName("revoke"));
    String key = tenant.get("apiKey").asText();
    Response revoked = api().delete("/v1/api-keys/" + tenant.get("apiKeyId").asText(), ADMIN_KEY);
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.json().get("status").asText()).isEqualTo("revoked");
    assertProblem(api().get("/v1/me", key), 401);
  }

  @Test
  void givenAnotherTenantsKey_whenRotatingOrRevoking_itShouldNotBeFound() {
    JsonNode a = createTenant(uniqueName("a"));
    JsonNode b = createTenant(uniqueName("b"));
    String aKey = a.get("apiKey").asText();
    String bKeyId = b.get("apiKeyId").asText();
    assertProblem(api().delete("/v1/api-keys/" + bKeyId, aKey), 404);
    assertProblem(api().post("/v1/api-keys/" + bKeyId + "/rotate", aKey, "{}"), 404);
    assertThat(api().get("/v1/me", b.get("apiKey").asText()).status()).isEqualTo(200);
  }

  @Test
  void givenAKeyWithAnExpiry_itShouldWorkUntilThenAndNotAfter() {
    JsonNode tenant = createTenant(uniqueName("expiry"));
    String at = clock.instant().plus(Duration.ofDays(1)).toString();
    Response made =
        api()
            .post(
                "/v1/tenants/" + tenant.get("id").asText() + "/api-keys",
                tenant.get("apiKey").asText(),
                "{\"name\":\"ci\",\"expiresAt\":\"" + at + "\"}");
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    String key = made.json().get("apiKey").asText();
    assertThat(api().get("/v1/me", key).status()).isEqualTo(200);

    clock.advance(Duration.ofDays(1).plusSeconds(1));
    assertProblem(api().get("/v1/me", key), 401);
  }

  @Test
  void givenAnExpiryInThePast_itShouldBeRejectedNamingTheField() {
    String past = clock.instant().minus(Duration.ofMinutes(1)).toString();
    Response r =
        api()
            .post(
                "/v1/admin/api-keys",
                ADMIN_KEY,
                "{\"name\":\"old\",\"expiresAt\":\"" + past + "\"}");
    assertProblem(r, 400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("expiresAt");
  }

  @Test
  void givenANewBootstrapKey_itShouldReplaceThePreviousOne() {
    // A slot of its own, so the suite's bootstrap key stays in place for the other tests.
    String slot = uniqueName("bootstrap");
    Response made = api().post("/v1/admin/api-keys", ADMIN_KEY, "{\"name\":\"ops\"}");
    assertThat(made.status()).isEqualTo(201);
    String opsKey = made.json().get("apiKey").asText();

    String first = ApiKeySecrets.newKey();
    String second = ApiKeySecrets.newKey();
    apiKeys.installAdminKeyInSlot(slot, first);
    assertThat(api().get("/v1/me", first).json().get("scope").asText()).isEqualTo("admin");
    apiKeys.installAdminKeyInSlot(slot, first); // idempotent
    assertThat(api().get("/v1/me", first).status()).isEqualTo(200);

    apiKeys.installAdminKeyInSlot(slot, second);
    assertProblem(api().get("/v1/me", first), 401);
    assertThat(api().get("/v1/me", second).status()).isEqualTo(200);
    // Keys outside the slot keep working.
    assertThat(api().get("/v1/me", opsKey).status()).isEqualTo(200);
    assertThat(api().get("/v1/me", ADMIN_KEY).status()).isEqualTo(200);
    // A revoked key cannot come back through the slot.
    assertThatThrownBy(() -> apiKeys.installAdminKeyInSlot(slot, first))
        .hasMessageContaining("choose a new key");
  }
}
