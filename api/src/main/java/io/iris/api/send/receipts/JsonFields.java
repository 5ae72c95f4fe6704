package io.iris.api.send.receipts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iris.api.platform.TextRule;
import io.iris.api.problem.ApiProblem;
import io.iris.api.webhook.WebhookProblems;
import java.io.IOException;

/** Reading the fields a receipt needs from a provider's JSON, naming what is missing. */
final class JsonFields {

  private JsonFields() {}

  static JsonNode parse(ObjectMapper mapper, byte[] body, String expected) {
    try {
      JsonNode root = mapper.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw WebhookProblems.malformed("The request body is empty; " + expected + " is expected.");
      }
      return root;
    } catch (IOException e) {
      throw WebhookProblems.malformed(
          "The request body is not JSON; " + expected + " is expected.");
    }
  }

  /** A non-blank text field; {@code path} names it in the problem when it is not. */
  static String text(JsonNode parent, String name, String path) {
    JsonNode node = parent.path(name);
    if (!node.isTextual() || node.asText().isBlank()) {
      throw ApiProblem.invalidField(
          path,
          node.isMissingNode() || node.isNull() ? "is required" : "must be a non-empty string");
    }
    TextRule.check(path, node.asText());
    return node.asText();
  }

  static JsonNode object(JsonNode parent, String name, String path) {
    JsonNode node = parent.path(name);
    if (!node.isObject()) {
      throw ApiProblem.invalidField(
          path, node.isMissingNode() || node.isNull() ? "is required" : "must be an object");
    }
    return node;
  }

  /** A text field that may be absent, or "" ; numbers are taken as their text. */
  static String optionalText(JsonNode parent, String name) {
    JsonNode node = parent.path(name);
    String text = node.isValueNode() && !node.isNull() ? node.asText() : "";
    TextRule.check(name, text);
    return text;
  }
}
