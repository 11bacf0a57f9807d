package io.openova.dnsguard.reconciler.webhookprovider;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * external-dns's {@code endpoint.Endpoint} as its webhook client sends and reads it (v0.21 JSON
 * field names; empty fields omitted, as Go's {@code omitempty}). A TXT target keeps the quotes
 * external-dns puts around ownership records.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record Endpoint(
    String dnsName,
    List<String> targets,
    String recordType,
    String setIdentifier,
    long recordTTL,
    Map<String, String> labels,
    List<Property> providerSpecific) {

  /** external-dns's label keys on records (its {@code OwnerLabelKey}, {@code ResourceLabelKey}). */
  static final String OWNER_LABEL = "owner";
  static final String RESOURCE_LABEL = "resource";

  Endpoint {
    dnsName = dnsName == null ? "" : dnsName;
    targets = targets == null ? List.of() : List.copyOf(targets);
    recordType = recordType == null ? "" : recordType;
    setIdentifier = setIdentifier == null ? "" : setIdentifier;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    providerSpecific = providerSpecific == null ? List.of() : List.copyOf(providerSpecific);
  }

  static Endpoint of(String dnsName, String recordType, long ttl, List<String> targets) {
    return new Endpoint(dnsName, targets, recordType, "", ttl, Map.of(), List.of());
  }

  /** One provider-specific property ({@code {"name": ..., "value": ...}}). */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record Property(@Nullable String name, @Nullable String value) {}

  @Override
  public String toString() {
    return dnsName + " " + recordType + " " + targets;
  }
}
