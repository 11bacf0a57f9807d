{{/*
Race-free admission across webhook replicas (values.webhook.claims): where a claim that adds a
hostname is decided. Leader mode adds a Lease, the peer token (a Secret volume, named to dnsguard by
file: never in arguments or the environment) and the pod's own address from the downward API.
*/}}
{{- define "dnsguard.webhook.claimsMode" -}}
{{- .Values.webhook.claims.mode -}}
{{- end -}}

{{- define "dnsguard.webhook.claimsLeaseName" -}}
{{- printf "%s-webhook-claims" (include "dnsguard.fullname" .) -}}
{{- end -}}

{{- define "dnsguard.webhook.peerTokenSecretName" -}}
{{- .Values.webhook.claims.leader.tokenSecret | default (printf "%s-webhook-peer-token" (include "dnsguard.fullname" .)) -}}
{{- end -}}

{{- define "dnsguard.webhook.claimsArgs" -}}
- --claims-mode
- {{ include "dnsguard.webhook.claimsMode" . }}
{{- if eq (include "dnsguard.webhook.claimsMode" .) "leader" }}
- --peer-token-file
- /etc/dnsguard/peer/token
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

{{- define "dnsguard.webhook.claimsVolumeMounts" -}}
{{- if eq (include "dnsguard.webhook.claimsMode" .) "leader" }}
- name: peer-token
  mountPath: /etc/dnsguard/peer
  readOnly: true
{{- end }}
{{- end }}

{{- define "dnsguard.webhook.claimsVolumes" -}}
{{- if eq (include "dnsguard.webhook.claimsMode" .) "leader" }}
- name: peer-token
  secret:
    secretName: {{ include "dnsguard.webhook.peerTokenSecretName" . | quote }}
    defaultMode: 288  # 0440
    items:
      - key: token
        path: token
{{- end }}
{{- end }}
