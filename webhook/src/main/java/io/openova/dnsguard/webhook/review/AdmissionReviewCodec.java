package io.openova.dnsguard.webhook.review;

import io.openova.dnsguard.policies.json.ReadLimits;
import io.openova.dnsguard.webhook.review.AdmissionRequest.GroupVersionKind;
import io.openova.dnsguard.webhook.review.AdmissionRequest.Operation;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/** Reads {@code admission.k8s.io/v1} AdmissionReview requests and writes their responses. */
public final class AdmissionReviewCodec {
  public static final String API_VERSION = "admission.k8s.io/v1";

  /** The API server's own request limit: nothing larger can be a genuine review. */
  public static final int MAX_REVIEW_BYTES = 3 * 1024 * 1024;

  /**
   * Streaming only: the codec binds nothing, so it needs no databind mapper or context. Held to
   * {@link ReadLimits} (depth, number, string and name lengths, duplicate names) and the 3 MiB
   * document length, so a hostile review is refused by a named limit before it costs anything.
   */
  private static final JsonFactory JSON = ReadLimits.factory(MAX_REVIEW_BYTES);

  private AdmissionReviewCodec() {}

  /**
   * Parses a review in one streaming pass; every problem is reported with the JSON path that has
   * it. Of the objects, only the fields the rule book reads are kept, read in the same pass.
   */
  public static AdmissionRequest read(byte[] body) throws ReviewException {
    requireUtf8(body);
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new ReviewException("expected a JSON object (an AdmissionReview)");
      }
      String apiVersion = "";
      String kind = "";
      RequestFields request = null;
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "apiVersion" -> apiVersion = text(p, "apiVersion");
          case "kind" -> kind = text(p, "kind");
          case "request" -> request = RequestFields.read(p);
          default -> p.skipChildren();
        }
      }
      if (!"AdmissionReview".equals(kind)) {
        throw new ReviewException("kind must be AdmissionReview, got \"" + kind + "\"");
      }
      if (!API_VERSION.equals(apiVersion)) {
        throw new ReviewException("apiVersion must be " + API_VERSION + ", got \"" + apiVersion
            + "\" (register the webhook with admissionReviewVersions: [v1])");
      }
      if (request == null) {
        throw new ReviewException("request is missing");
      }
      return request.toRequest();
    } catch (JacksonException e) {
      throw new ReviewException(ReadLimits.describe(e));
    }
  }

  /**
   * Strict UTF-8 first (RFC 8259; the API server sends nothing else): Jackson's decoder reads an
   * overlong {@code C0 AF} as '/', and a name smuggled past a byte-level check must not become a
   * different name here. Decoded in chunks into a small buffer: no copy of the body.
   */
  private static void requireUtf8(byte[] body) throws ReviewException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(1024);
    CoderResult result;
    do {
      out.clear();
      result = decoder.decode(in, out, true);
      if (result.isError()) {
        throw new ReviewException("the body is not valid UTF-8 (at byte " + in.position() + ")");
      }
    } while (result.isOverflow());
  }

  /** The fields of {@code request} as they stream by; checked once all are read. */
  private static final class RequestFields {
    private String uid = "";
    private String operation = "";
    private @Nullable String namespace;
    private @Nullable String name;
    private String @Nullable [] kind;
    private String @Nullable [] requestKind;
    private @Nullable ReviewObject object;
    private @Nullable ReviewObject oldObject;
    private boolean dryRun;

    static RequestFields read(JsonParser p) throws ReviewException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw new ReviewException("request must be a JSON object");
      }
      RequestFields fields = new RequestFields();
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "uid" -> fields.uid = text(p, "request.uid");
          case "operation" -> fields.operation = text(p, "request.operation");
          case "namespace" -> fields.namespace = text(p, "request.namespace");
          case "name" -> fields.name = text(p, "request.name");
          case "kind" -> fields.kind = gvk(p, "request.kind");
          case "requestKind" -> fields.requestKind = gvk(p, "request.requestKind");
          case "object" -> fields.object = object(p, "request.object");
          case "oldObject" -> fields.oldObject = object(p, "request.oldObject");
          case "dryRun" -> fields.dryRun = p.currentToken() == JsonToken.VALUE_TRUE;
          default -> p.skipChildren();
        }
      }
      return fields;
    }

    AdmissionRequest toRequest() throws ReviewException {
      if (uid.isEmpty()) {
        throw new ReviewException("request.uid is missing");
      }
      String[] gvk = requestKind != null ? requestKind : kind;
      String kindPath = requestKind != null ? "request.requestKind" : "request.kind";
      if (gvk == null) {
        throw new ReviewException("request.kind is missing");
      }
      if (gvk[2].isEmpty()) {
        throw new ReviewException(kindPath + ".kind is missing");
      }
      if (operation.isEmpty()) {
        throw new ReviewException("request.operation is missing");
      }
      Operation op;
      try {
        op = Operation.valueOf(operation.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ReviewException("request.operation \"" + operation + "\" is not CREATE, UPDATE, DELETE or CONNECT");
      }
      if ((op == Operation.CREATE || op == Operation.UPDATE) && object == null) {
        throw new ReviewException("request.object is missing for " + op);
      }
      return new AdmissionRequest(uid, new GroupVersionKind(gvk[0], gvk[1], gvk[2]), namespace, name, op, object,
          oldObject, dryRun);
    }
  }

  /** A string value (null stays null); anything else is an error naming the path. */
  private static String text(JsonParser p, String path) throws ReviewException {
    return switch (p.currentToken()) {
      case VALUE_STRING -> p.getString();
      case VALUE_NULL -> "";
      default -> throw new ReviewException(path + " must be a string");
    };
  }

  /** {@code {group, version, kind}} as a three-element array. */
  private static String[] gvk(JsonParser p, String path) throws ReviewException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new ReviewException(path + " must be a JSON object");
    }
    String[] gvk = {"", "", ""};
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "group" -> gvk[0] = text(p, path + ".group");
        case "version" -> gvk[1] = text(p, path + ".version");
        case "kind" -> gvk[2] = text(p, path + ".kind");
        default -> p.skipChildren();
      }
    }
    return gvk;
  }

  /** The fields of the object the rule book reads, as they stream by; null for JSON null. */
  private static @Nullable ReviewObject object(JsonParser p, String path) throws ReviewException {
    return switch (p.currentToken()) {
      case VALUE_NULL -> null;
      case START_OBJECT -> ReviewObject.read(p);
      default -> throw new ReviewException(path + " must be a JSON object");
    };
  }

  /** The response review, streamed straight into bytes: it is written once per request. */
  public static byte[] write(AdmissionResponse response) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160 + response.message().length());
    try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
      g.writeStartObject();
      g.writeStringProperty("apiVersion", API_VERSION);
      g.writeStringProperty("kind", "AdmissionReview");
      g.writeObjectPropertyStart("response");
      g.writeStringProperty("uid", response.uid());
      g.writeBooleanProperty("allowed", response.allowed());
      if (!response.allowed()) {
        g.writeObjectPropertyStart("status");
        g.writeNumberProperty("code", response.code());
        g.writeStringProperty("message", response.message());
        g.writeStringProperty("reason", reason(response.code()));
        g.writeEndObject();
      }
      if (!response.warnings().isEmpty()) {
        g.writeArrayPropertyStart("warnings");
        for (String warning : response.warnings()) {
          g.writeString(warning);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static String reason(int code) {
    return switch (code) {
      case 409 -> "Conflict";
      case 422 -> "Invalid";
      case 400 -> "BadRequest";
      default -> "Forbidden";
    };
  }

}
