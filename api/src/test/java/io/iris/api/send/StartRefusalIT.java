package io.iris.api.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.iris.api.support.RealTemporalTestBase;
import io.iris.workflows.send.Channel;
import io.iris.workflows.send.SendRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the real Temporal dev server answers to a start it can never take, and how the outbox reads
 * that answer: a refusal for good, not a failure to retry.
 */
class StartRefusalIT extends RealTemporalTestBase {

  @Autowired SendWorkflows workflows;
  @Autowired StartPayloads payloads;

  @Test
  void givenAStartAboveTheServersBlobLimit_whenStarted_itShouldBeClassifiedAsRefusedForGood() {
    // 3 MB of metadata: over the server's 2 MB blob limit, under gRPC's 4 MB message limit, so
    // the answer is the server's own (our accept-time check would have refused it first).
    SendRequest huge =
        new SendRequest(
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            Channel.SMS,
            "+14155550100",
            "",
            "",
            "hello",
            "normal",
            Map.of("blob", "x".repeat(3 * 1024 * 1024)),
            "");
    assertThat(payloads.fits(huge)).isFalse();

    RuntimeException failure =
        catchThrowableOfType(RuntimeException.class, () -> workflows.startSend(huge));

    StartOutcome outcome = StartOutcome.of(failure);
    assertThat(outcome.kind()).as(outcome.reason()).isEqualTo(StartOutcome.Kind.REFUSED);
    assertThat(outcome.reason()).contains("INVALID_ARGUMENT");
  }
}
