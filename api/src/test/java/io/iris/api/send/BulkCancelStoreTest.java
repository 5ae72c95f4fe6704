package io.iris.api.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.send.BulkActivitiesImpl;
import io.iris.activities.send.MessageStore;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.SendRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The rows of a batch page that a cancel kept from starting end cancelled, once. */
class BulkCancelStoreTest extends ApiTestBase {

  @Autowired BulkActivitiesImpl bulk;
  @Autowired MessageStore messages;

  @Test
  void givenAPreparedPageNotStarted_whenTheBatchIsCancelled_itsRowsShouldEndCancelled() {
    String tenantId = createTenant(uniqueName("bulk-cancel")).get("id").asText();
    String waiting = UUID.randomUUID().toString();
    String further = UUID.randomUUID().toString();
    for (String id : List.of(waiting, further)) {
      messages.register(
          new SendRequest(
              id, tenantId, Channel.SLACK, "C0123", "", "", "hi", "normal", Map.of(), ""),
          System.currentTimeMillis());
    }
    messages.markSending(UUID.fromString(further)); // this one did start: left alone

    bulk.cancelUnstarted(UUID.randomUUID().toString(), List.of(waiting, further));

    assertThat(messages.findById(UUID.fromString(waiting)).orElseThrow().status())
        .isEqualTo("cancelled");
    assertThat(messages.findById(UUID.fromString(waiting)).orElseThrow().errorMessage())
        .contains("was cancelled before this send started");
    assertThat(messages.findById(UUID.fromString(further)).orElseThrow().status())
        .isEqualTo("sending");
    assertThat(messages.cancelUnstarted(List.of(UUID.fromString(waiting)), "again")).isZero();
  }
}
