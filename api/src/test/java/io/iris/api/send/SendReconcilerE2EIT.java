package io.iris.api.send;

import static io.iris.schema.jooq.Tables.MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iris.activities.send.SendReconciliationActivitiesImpl;
import io.iris.api.support.ApiClient.Response;
import io.iris.api.support.RealTemporal;
import io.iris.api.support.RealTemporalTestBase;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The send reconciler against the real dev server: a send whose row never got its final status (the
 * workflow ended while the database was down) is finished from the workflow's own result; a send
 * that has no workflow at all is ended failed, with the reason.
 */
class SendReconcilerE2EIT extends RealTemporalTestBase {

  @Autowired SendReconciliationActivitiesImpl reconciler;
  @Autowired DSLContext db;

  @Test
  void givenSendsWhoseRowsMissTheirEnd_whenTheReconcilerRuns_itShouldFinishThemFromTemporal() {
    Response t =
        api()
            .post(
                "/v1/tenants",
                RealTemporal.ADMIN_KEY,
                "{\"name\":\"reconcile-" + UUID.randomUUID() + "\"}");
    String key = t.json().get("apiKey").asText();
    String id =
        api()
            .post("/v1/messages", key, "{\"channel\":\"slack\",\"to\":\"C0123\",\"body\":\"hi\"}")
            .json()
            .get("id")
            .asText();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "delivered"
                    .equals(api().get("/v1/messages/" + id, key).json().get("status").asText()));

    // As if the workflow's last write had met a database outage: the row still says "sent".
    OffsetDateTime old = OffsetDateTime.now().minusHours(1);
    db.update(MESSAGES)
        .set(MESSAGES.STATUS, "sent")
        .setNull(MESSAGES.COMPLETED_AT)
        .set(MESSAGES.UPDATED_AT, old)
        .where(MESSAGES.ID.eq(UUID.fromString(id)))
        .execute();
    // And a send accepted whose workflow never existed (nor its outbox row).
    UUID orphan = UUID.randomUUID();
    db.insertInto(MESSAGES)
        .set(MESSAGES.ID, orphan)
        .set(MESSAGES.TENANT_ID, UUID.fromString(t.json().get("id").asText()))
        .set(MESSAGES.CHANNEL, "sms")
        .set(MESSAGES.RECIPIENT, "+14155550177")
        .set(MESSAGES.STATUS, "accepted")
        .set(MESSAGES.CREATED_AT, old)
        .set(MESSAGES.UPDATED_AT, old)
        .execute();

    assertThat(reconciler.finishStaleSends()).isGreaterThanOrEqualTo(2);

    var finished = api().get("/v1/messages/" + id, key).json();
    assertThat(finished.get("status").asText()).isEqualTo("delivered");
    var ended = api().get("/v1/messages/" + orphan, key).json();
    assertThat(ended.get("status").asText()).isEqualTo("failed");
    assertThat(ended.toString()).contains("never started").contains("it was not sent");
    // Running again changes nothing: both are final now.
    assertThat(
            db.fetchCount(
                MESSAGES,
                MESSAGES.ID.in(UUID.fromString(id), orphan).and(MESSAGES.COMPLETED_AT.isNull())))
        .isZero();
  }
}
