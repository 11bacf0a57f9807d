{{/*
The TXT encryption key (values.txtEncryption): a read-only Secret volume in both halves, named to
dnsguard by file, so the key never appears in arguments or the environment.
*/}}
{{- define "dnsguard.txtKeyArgs" -}}
{{- with .Values.txtEncryption.aesKeySecret.name }}
- --txt-encrypt-aes-key-file
- {{ printf "/etc/dnsguard/txt-key/%s" $.Values.txtEncryption.aesKeySecret.key | quote }}
{{- end }}
{{- end }}

{{- define "dnsguard.txtKeyVolumeMounts" -}}
{{- if .Values.txtEncryption.aesKeySecret.name }}
- name: txt-key
  mountPath: /etc/dnsguard/txt-key
  readOnly: true
{{- end }}
{{- end }}

{{- define "dnsguard.txtKeyVolumes" -}}
{{- with .Values.txtEncryption.aesKeySecret.name }}
- name: txt-key
  secret:
    secretName: {{ . | quote }}
    defaultMode: 288  # 0440
    items:
      - key: {{ $.Values.txtEncryption.aesKeySecret.key | quote }}
        path: {{ $.Values.txtEncryption.aesKeySecret.key | quote }}
{{- end }}
{{- end }}
