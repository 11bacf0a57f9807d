{{/*
Race-free admission across webhook replicas (values.webhook.claims): where a claim that adds a
hostname is decided. Leader mode adds a Lease and the pod's own address from the downward API; the
replicas authenticate each other with a token derived from the serving key they already share.
*/}}
{{- define "dnsguard.webhook.claimsMode" -}}
{{- .Values.webhook.claims.mode -}}
{{- end -}}

{{- define "dnsguard.webhook.claimsLeaseName" -}}
{{- printf "%s-webhook-claims" (include "dnsguard.fullname" .) -}}
{{- end -}}

{{- define "dnsguard.webhook.claimsArgs" -}}
- --claims-mode
- {{ include "dnsguard.webhook.claimsMode" . }}
{{- if eq (include "dnsguard.webhook.claimsMode" .) "leader" }}
- --advertise-address
- $(POD_IP)
- --leader-election-namespace
- {{ .Release.Namespace | quote }}
- --leader-election-id
- {{ include "dnsguard.webhook.claimsLeaseName" . | quote }}
- --leader-timeout
- {{ .Values.webhook.claims.leader.timeout | quote }}
- --leader-failure-policy
- {{ lower .Values.webhook.failurePolicy }}
{{- end }}
{{- end }}

{{- define "dnsguard.webhook.claimsEnv" -}}
{{- if eq (include "dnsguard.webhook.claimsMode" .) "leader" }}
- name: POD_IP
  valueFrom: {fieldRef: {fieldPath: status.podIP}}
- name: POD_NAME
  valueFrom: {fieldRef: {fieldPath: metadata.name}}
{{- end }}
{{- end }}
