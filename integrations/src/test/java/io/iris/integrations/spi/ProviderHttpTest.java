package io.iris.integrations.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.iris.integrations.spi.ProviderException.Kind;
import java.util.concurrent.TimeUnit;
import okhttp3.FormBody;
import okhttp3.Request;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

/** The HTTP side every adapter shares: what a failure means, and how much of an answer is read. */
class ProviderHttpTest extends ProviderContractTest {

  private Request post() {
    return new Request.Builder()
        .url(server.url("/send"))
        .post(new FormBody.Builder().add("Body", "hello").build())
        .build();
  }

  @Test
  void givenTheConnectionBreaksAfterTheRequestLeft_whenSending_itShouldNotRepeatItAndBeAmbiguous()
      throws Exception {
    // A first call leaves a pooled connection; the next one reuses it. The provider gets that
    // request (and may act on it), then the connection goes away.
    answer(200, "{\"id\":\"first\"}");
    answer(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    answer(200, "{\"id\":\"repeated\"}");
    http.execute("prov", "message m1", post());

    ProviderException failure = failure(() -> http.execute("prov", "message m2", post()));

    assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(failure.getMessage()).contains("may have taken it");
    assertThat(server.takeRequest(1, TimeUnit.SECONDS)).isNotNull();
    assertThat(server.takeRequest(1, TimeUnit.SECONDS)).isNotNull();
    // okhttp would otherwise repeat the POST on a new connection: a second SMS.
    assertThat(server.takeRequest(500, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void givenA503AskingForAnImmediateRetry_whenSending_itShouldNotBeRepeatedByTheClient() {
    answer(new MockResponse().setResponseCode(503).setHeader("Retry-After", "0"));
    answer(200, "{\"id\":\"second\"}");

    ProviderResponse response = http.execute("prov", "message m", post());

    assertThat(response.status()).isEqualTo(503);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenAnAnswerThatDripsInSlowerThanTheCallMayTake_whenSending_itShouldGiveUpAsAmbiguous() {
    // Every byte comes within the read timeout, but the whole answer would take six seconds: the
    // call must give up before the activity's own timeout makes Temporal send it again.
    answer(
        new MockResponse()
            .setResponseCode(201)
            .setBody("{\"sid\":\"" + "x".repeat(190) + "\"}")
            .throttleBody(10, 300, TimeUnit.MILLISECONDS));

    long started = System.nanoTime();
    ProviderException failure = failure(() -> http.execute("prov", "message m", post()));
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(tookMs).isLessThan(ProviderFixtures.CALL_TIMEOUT.toMillis() + 1500);
  }

  @Test
  void givenNothingListening_whenSending_itShouldBeUnavailableAsNothingWasSent() throws Exception {
    server.shutdown();

    ProviderException failure = failure(() -> http.execute("prov", "message m", post()));

    assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(failure.getMessage()).contains("could not be reached");
  }

  @Test
  void givenASuccessLongerThanTheCallAllows_whenRead_itShouldBeCutShortAndUnreadable() {
    String big = "{\"sid\":\"SM1\",\"body\":\"" + "x".repeat(70 * 1024) + "\"}";
    answer(201, big);

    ProviderResponse response = http.execute("prov", "message m", post());

    assertThat(response.truncated()).isTrue();
    assertThat(response.body()).hasSize((int) ProviderHttp.MAX_BODY_BYTES);
    ProviderException failure = failure(() -> http.successJson("prov", "message m", response));
    assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(failure.httpStatus()).isEqualTo(201);
  }

  @Test
  void givenASuccessWithinALargerLimit_whenRead_itShouldBeReadWhole() {
    String text = "é".repeat(60 * 1024); // 120 KB of UTF-8
    answer(201, "{\"sid\":\"SM1\",\"body\":\"" + text + "\"}");

    ProviderResponse response = http.execute("prov", "message m", post(), 256 * 1024);

    assertThat(response.truncated()).isFalse();
    assertThat(http.successJson("prov", "message m", response).path("body").asText())
        .isEqualTo(text);
  }

  @Test
  void givenAnAnswerOfExactlyTheLimit_whenRead_itShouldNotBeTakenForALongerOne() {
    String body = "{\"a\":\"" + "x".repeat((int) ProviderHttp.MAX_BODY_BYTES - 8) + "\"}";
    assertThat(body).hasSize((int) ProviderHttp.MAX_BODY_BYTES);
    answer(200, body);

    ProviderResponse response = http.execute("prov", "message m", post());

    assertThat(response.truncated()).isFalse();
    assertThat(response.body()).isEqualTo(body);
  }
}
