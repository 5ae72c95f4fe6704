package io.iris.simulator;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's endpoint receiving our signed webhooks. It checks {@code X-Iris-Signature} ({@code
 * v1=} hex HMAC-SHA256 of the signing secret over {@code X-Iris-Timestamp + "." + body}; several
 * comma-separated values during a secret rotation) as a careful receiver would, and deduplicates on
 * the {@code Idempotency-Key} header.
 */
@RestController
@Profile("dev")
class WebhookReceiverSimulator {

  private final ProviderSimulation sim;
  private final SimulatedAccounts accounts;

  WebhookReceiverSimulator(ProviderSimulations simulations, SimulatedAccounts accounts) {
    this.sim = simulations.of(SimulatedProvider.WEBHOOK);
    this.accounts = accounts;
  }

  @PostMapping("/sim/webhook/receive/**")
  ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
    byte[] raw = SimulatorRequests.body(request);
    String body = new String(raw, StandardCharsets.UTF_8);
    String key = request.getHeader("Idempotency-Key");
    if (key == null || key.isBlank()) {
      key = request.getHeader("X-Iris-Idempotency-Key");
    }
    Incoming incoming =
        new Incoming(
            SimulatorRequests.pathAfter(request, "/sim/webhook/receive/"), "", "", body, key);
    if (sim.admit(incoming)) {
      return answer(503, "{\"error\":\"unavailable\"}");
    }
    if (!signed(request, raw)) {
      return answer(401, "{\"error\":\"invalid signature\"}");
    }
    sim.accept(incoming, true, () -> UUID.randomUUID().toString(), "delivered", Map.of());
    return answer(200, "{\"received\":true}");
  }

  private boolean signed(HttpServletRequest request, byte[] body) {
    String secret = accounts.webhook().signingSecret();
    String timestamp = request.getHeader("X-Iris-Timestamp");
    String header = request.getHeader("X-Iris-Signature");
    if (secret == null || secret.isEmpty() || timestamp == null || header == null) {
      return false;
    }
    byte[] expected;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      expected =
          ("v1=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
    boolean match = false;
    for (String candidate : header.split(",")) {
      match |=
          MessageDigest.isEqual(
              expected,
              candidate.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }
    return match;
  }

  private ResponseEntity<String> answer(int status, String body) {
    sim.pause();
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
  }
}
