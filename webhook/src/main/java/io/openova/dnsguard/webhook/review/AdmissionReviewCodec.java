package io.openova.dnsguard.webhook.review;

import io.openova.dnsguard.webhook.review.AdmissionRequest.GroupVersionKind;
import io.openova.dnsguard.webhook.review.AdmissionRequest.Operation;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads {@code admission.k8s.io/v1} AdmissionReview requests and writes their responses. */
public final class AdmissionReviewCodec {
  public static final String API_VERSION = "admission.k8s.io/v1";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AdmissionReviewCodec() {}

  /** Parses a review; every problem is reported with the JSON path that has it. */
  public static AdmissionRequest read(byte[] body) throws ReviewException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JacksonException e) {
      throw new ReviewException("malformed JSON: " + e.getOriginalMessage()
          + " (at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new ReviewException("expected a JSON object (an AdmissionReview)");
    }
    if (!"AdmissionReview".equals(root.path("kind").asString(""))) {
      throw new ReviewException("kind must be AdmissionReview, got \"" + root.path("kind").asString("") + "\"");
    }
    if (!API_VERSION.equals(root.path("apiVersion").asString(""))) {
      throw new ReviewException("apiVersion must be " + API_VERSION + ", got \""
          + root.path("apiVersion").asString("") + "\" (register the webhook with admissionReviewVersions: [v1])");
    }
    JsonNode request = root.path("request");
    if (!request.isObject()) {
      throw new ReviewException("request is missing");
    }
    String uid = required(request, "request", "uid");
    String kindPath = request.path("requestKind").isObject() ? "request.requestKind" : "request.kind";
    JsonNode kindNode = request.path(kindPath.substring("request.".length()));
    if (!kindNode.isObject()) {
      throw new ReviewException("request.kind is missing");
    }
    GroupVersionKind kind = new GroupVersionKind(
        kindNode.path("group").asString(""), kindNode.path("version").asString(""), required(kindNode, kindPath, "kind"));
    Operation operation;
    String op = required(request, "request", "operation");
    try {
      operation = Operation.valueOf(op.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ReviewException("request.operation \"" + op + "\" is not CREATE, UPDATE, DELETE or CONNECT");
    }
    JsonNode object = objectOrNull(request, "object");
    JsonNode oldObject = objectOrNull(request, "oldObject");
    if ((operation == Operation.CREATE || operation == Operation.UPDATE) && object == null) {
      throw new ReviewException("request.object is missing for " + operation);
    }
    return new AdmissionRequest(uid, kind, optional(request, "request", "namespace"), optional(request, "request", "name"),
        operation, object, oldObject, request.path("dryRun").asBoolean(false));
  }

  /** The uid of a body that failed to parse, when one can still be found, for the error response. */
  public static String uidOf(byte[] body) {
    try {
      return JSON.readTree(body).path("request").path("uid").asString("");
    } catch (JacksonException | NullPointerException e) {
      return "";
    }
  }

  public static byte[] write(AdmissionResponse response) {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", API_VERSION);
    root.put("kind", "AdmissionReview");
    ObjectNode body = root.putObject("response");
    body.put("uid", response.uid());
    body.put("allowed", response.allowed());
    if (!response.allowed()) {
      ObjectNode status = body.putObject("status");
      status.put("code", response.code());
      status.put("message", response.message());
      status.put("reason", reason(response.code()));
    }
    if (!response.warnings().isEmpty()) {
      ArrayNode warnings = body.putArray("warnings");
      response.warnings().forEach(warnings::add);
    }
    return JSON.writeValueAsBytes(root);
  }

  private static String reason(int code) {
    return switch (code) {
      case 409 -> "Conflict";
      case 422 -> "Invalid";
      case 400 -> "BadRequest";
      default -> "Forbidden";
    };
  }

  private static String required(JsonNode node, String path, String field) throws ReviewException {
    String value = optional(node, path, field);
    if (value == null || value.isEmpty()) {
      throw new ReviewException(path + "." + field + " is missing");
    }
    return value;
  }

  private static @Nullable String optional(JsonNode node, String path, String field) throws ReviewException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new ReviewException(path + "." + field + " must be a string");
    }
    return value.asString();
  }

  private static @Nullable JsonNode objectOrNull(JsonNode request, String field) throws ReviewException {
    JsonNode value = request.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw new ReviewException("request." + field + " must be a JSON object");
    }
    return value;
  }
}
