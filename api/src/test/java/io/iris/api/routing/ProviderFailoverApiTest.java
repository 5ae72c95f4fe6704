package io.iris.api.routing;

import static io.iris.schema.jooq.Tables.AUDIT_LOGS;
import static io.iris.schema.jooq.Tables.PROVIDER_ROUTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.iris.activities.routing.FailoverStarter;
import io.iris.api.auth.ApiPrincipal;
import io.iris.api.auth.Scope;
import io.iris.api.problem.ApiProblem;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.ApiTestBase;
import io.iris.integrations.spi.ProviderRegistry;
import io.iris.workflows.routing.FailoverReevaluationWorkflow;
import io.iris.workflows.routing.ReevaluationState;
import io.iris.workflows.send.Channel;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

/** POST /v1/providers/{name}/failover: an operator's failover, with plivo (third on SMS). */
class ProviderFailoverApiTest extends ApiTestBase {

  @Autowired WorkflowClient client;
  @Autowired DSLContext db;
  @Autowired ProviderRegistry registry;

  private static final String PATH = "/v1/providers/plivo/failover";
  private static final String WORKFLOW_ID =
      FailoverReevaluationWorkflow.workflowId("plivo", Channel.SMS);

  @AfterEach
  void failBack() {
    FailoverReevaluationWorkflow wf =
        client.newWorkflowStub(FailoverReevaluationWorkflow.class, WORKFLOW_ID);
    try {
      wf.cancel("test over");
      WorkflowStub.fromTyped(wf)
          .getResult(10, java.util.concurrent.TimeUnit.SECONDS, ReevaluationState.class);
    } catch (RuntimeException | java.util.concurrent.TimeoutException none) {
      // no failover ran in this test
    }
  }

  @Test
  void givenAnAdminKey_whenAProviderIsFailedOver_itShouldAnswer202AndMarkItWithTheOperatorsAudit()
      throws Exception {
    Response r = api().post(PATH, ADMIN_KEY, "{\"reason\":\"  carrier maintenance  \"}");

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    JsonNode body = r.json();
    assertThat(body.get("provider").asText()).isEqualTo("plivo");
    assertThat(body.get("channel").asText()).isEqualTo("sms");
    assertThat(body.get("status").asText()).isEqualTo("failed_over");
    assertThat(body.get("workflowId").asText()).isEqualTo(WORKFLOW_ID);

    FailoverReevaluationWorkflow wf =
        client.newWorkflowStub(FailoverReevaluationWorkflow.class, WORKFLOW_ID);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> wf.state().phase() == ReevaluationState.Phase.WAITING);
    ReevaluationState state = wf.state();
    assertThat(state.reason()).isEqualTo("carrier maintenance");
    var row =
        db.selectFrom(PROVIDER_ROUTING)
            .where(PROVIDER_ROUTING.PROVIDER.eq("plivo"))
            .and(PROVIDER_ROUTING.CHANNEL.eq("sms"))
            .fetchOne();
    assertThat(row.getStatus()).isEqualTo("failed_over");
    assertThat(row.getWeight()).isZero();
    var audit =
        db.selectFrom(AUDIT_LOGS)
            .where(AUDIT_LOGS.EVENT_KEY.eq("failover:" + state.failoverId()))
            .fetch();
    assertThat(audit).hasSize(1);
    assertThat(audit.get(0).getActorScope()).isEqualTo("admin");
    assertThat(audit.get(0).getActorKeyId()).isNotNull();
    assertThat(audit.get(0).getAction()).isEqualTo("provider.failover");

    wf.cancel("fixed");
    WorkflowStub.fromTyped(wf)
        .getResult(10, java.util.concurrent.TimeUnit.SECONDS, ReevaluationState.class);
    assertThat(
            db.select(PROVIDER_ROUTING.STATUS)
                .from(PROVIDER_ROUTING)
                .where(PROVIDER_ROUTING.PROVIDER.eq("plivo"))
                .and(PROVIDER_ROUTING.CHANNEL.eq("sms"))
                .fetchOne(PROVIDER_ROUTING.STATUS))
        .as("cancel is the manual fail-back")
        .isEqualTo("healthy");
  }

  @Test
  void givenATenantKey_whenItAsksForAFailover_itShouldBeForbidden() {
    String key = createTenant(uniqueName("failover")).get("apiKey").asText();

    assertProblem(api().post(PATH, key, "{\"reason\":\"x\"}"), 403);
  }

  @Test
  void givenBadInput_whenAFailoverIsAsked_itShouldNameTheField() {
    assertProblem(
        api().post("/v1/providers/nosuch/failover", ADMIN_KEY, "{\"reason\":\"x\"}"), 404);
    for (String bad :
        new String[] {"{}", "{\"reason\":\"   \"}", "{\"reason\":\"" + "r".repeat(501) + "\"}"}) {
      Response r = api().post(PATH, ADMIN_KEY, bad);
      assertProblem(r, 400);
      assertThat(r.json().get("errors").get(0).get("field").asText()).as(bad).isEqualTo("reason");
    }
    for (String channel : new String[] {"fax", "email"}) {
      Response r =
          api().post(PATH, ADMIN_KEY, "{\"channel\":\"" + channel + "\",\"reason\":\"x\"}");
      assertProblem(r, 400);
      assertThat(r.json().get("errors").get(0).get("field").asText())
          .as(channel)
          .isEqualTo("channel");
    }
  }

  @Test
  void givenTemporalUnreachable_whenAFailoverIsAsked_itShouldAnswer503WithRetryAfter() {
    FailoverStarter down =
        request -> {
          throw Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException();
        };
    ProviderFailoverController controller =
        new ProviderFailoverController(registry, down, Clock.systemUTC(), Duration.ofSeconds(5));
    ApiPrincipal admin = new ApiPrincipal(UUID.randomUUID(), Scope.ADMIN, Optional.empty());

    assertThatThrownBy(
            () ->
                controller.failover(
                    admin, "plivo", new ProviderFailoverController.FailoverBody("sms", "x")))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.getStatusCode().value()).isEqualTo(503);
              assertThat(p.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
            });
  }
}
