package io.iris.api.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.activities.incident.IncidentStore;
import io.iris.api.support.ApiTestBase;
import io.iris.workflows.incident.IncidentEvent;
import io.iris.workflows.incident.IncidentState;
import io.iris.workflows.incident.IncidentStatus;
import io.iris.workflows.incident.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The incident's rows on the real PostgreSQL: writes that come late must not undo newer ones. */
class IncidentStoreTest extends ApiTestBase {

  @Autowired IncidentStore store;

  static final long OPENED = 1_790_000_000_000L;

  UUID open() {
    UUID id = UUID.randomUUID();
    store.openOrGet(
        new IncidentStore.Opening(
            id,
            "db-1 disk 91%",
            "high",
            "db",
            "",
            Optional.empty(),
            "api",
            Instant.ofEpochMilli(OPENED)));
    return id;
  }

  static IncidentState state(
      UUID id, IncidentStatus status, String acknowledgedBy, String... events) {
    List<IncidentEvent> timeline = new ArrayList<>();
    for (String e : events) {
      timeline.add(
          new IncidentEvent(timeline.size() + 1, OPENED + timeline.size(), e, "system", ""));
    }
    return new IncidentState(
        id.toString(),
        "db-1 disk 91%",
        Severity.HIGH,
        status,
        "db",
        "",
        0,
        OPENED,
        acknowledgedBy.isEmpty() ? 0 : OPENED + 5,
        acknowledgedBy,
        0,
        "",
        "",
        Map.of(),
        "",
        "",
        0,
        0,
        timeline);
  }

  @Test
  void givenANewerStoredState_whenAnOlderWriteLandsLate_itShouldChangeNothing() {
    UUID id = open();
    IncidentState older = state(id, IncidentStatus.OPEN, "", "opened", "notified");
    IncidentState newer =
        state(id, IncidentStatus.ACKNOWLEDGED, "ada (api)", "opened", "notified", "acknowledged");

    assertThat(store.record(newer)).isTrue();
    // The older write hung on the database past its timeout, was retried and superseded, and
    // only now commits.
    assertThat(store.record(older)).isFalse();

    assertThat(store.find(id).orElseThrow().status()).isEqualTo("acknowledged");
    assertThat(store.find(id).orElseThrow().acknowledgedBy()).isEqualTo("ada (api)");
    assertThat(store.events(id)).extracting(IncidentStore.Entry::seq).containsExactly(1, 2, 3);
  }

  @Test
  void givenTheSameTimeline_whenTheStatusChanged_itShouldStoreTheNewStatus() {
    // Runs from before the write-behind change set the status after the acknowledgement's entry.
    UUID id = open();
    assertThat(store.record(state(id, IncidentStatus.OPEN, "ada (api)", "opened", "acknowledged")))
        .isTrue();
    assertThat(
            store.record(
                state(id, IncidentStatus.ACKNOWLEDGED, "ada (api)", "opened", "acknowledged")))
        .isTrue();
    assertThat(store.find(id).orElseThrow().status()).isEqualTo("acknowledged");
  }

  @Test
  void givenAGrowingTimeline_eachWriteShouldAppendOnlyItsNewEntries() {
    UUID id = open();
    store.record(state(id, IncidentStatus.OPEN, "", "opened"));
    store.record(state(id, IncidentStatus.OPEN, "", "opened", "notified", "note"));
    store.record(state(id, IncidentStatus.OPEN, "", "opened", "notified", "note"));
    assertThat(store.events(id))
        .extracting(IncidentStore.Entry::seq, IncidentStore.Entry::event)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "opened"),
            org.assertj.core.groups.Tuple.tuple(2, "notified"),
            org.assertj.core.groups.Tuple.tuple(3, "note"));
  }
}
