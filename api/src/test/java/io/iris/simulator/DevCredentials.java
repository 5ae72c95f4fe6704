package io.iris.simulator;

import io.iris.api.send.receipts.WebhookCalls;
import java.util.Map;

/** The fake credentials application-dev.yml gives the simulated accounts. */
final class DevCredentials {

  static final String TWILIO_SID = "ACsimulator00000000000000000000000";
  static final String TWILIO_TOKEN = "simulator-not-a-secret";
  static final String TELNYX_KEY = "KEYsimulator-not-a-secret";
  static final String PLIVO_ID = "MAsimulator000000000";
  static final String PLIVO_TOKEN = "simulator-not-a-secret";
  static final String SENDGRID_KEY = "SG.simulator-not-a-secret";
  static final String POSTMARK_TOKEN = "simulator-not-a-secret";
  static final String SLACK_TOKEN = "xoxb-simulator-not-a-secret";
  static final String WEBHOOK_SECRET = "simulator-not-a-secret";
  static final String FCM_TOKEN = "simulator-not-a-secret";

  static final String TWILIO_MESSAGES =
      "/sim/twilio/2010-04-01/Accounts/" + TWILIO_SID + "/Messages";

  private DevCredentials() {}

  static Map<String, String> twilioAuth() {
    return Map.of("Authorization", WebhookCalls.basic(TWILIO_SID, TWILIO_TOKEN));
  }

  static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }
}
