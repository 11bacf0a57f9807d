{{/* The chart's name, or nameOverride. */}}
{{- define "dnsguard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The name every object of this release starts with. Kept to 52 characters so that
     "<fullname>-reconciler" and friends stay valid label values and DNS labels. */}}
{{- define "dnsguard.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "dnsguard.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "dnsguard.labels" -}}
app.kubernetes.io/name: {{ include "dnsguard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: dnsguard
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "webhook"). */}}
{{- define "dnsguard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dnsguard.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* All labels of one component's objects: (dict "root" $ "component" "webhook"). */}}
{{- define "dnsguard.componentLabels" -}}
{{ include "dnsguard.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The image reference: repository:tag, or repository@digest when a digest is set. */}}
{{- define "dnsguard.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* ServiceAccount names. */}}
{{- define "dnsguard.webhook.serviceAccountName" -}}
{{- default (printf "%s-webhook" (include "dnsguard.fullname" .)) .Values.webhook.serviceAccount.name -}}
{{- end -}}
{{- define "dnsguard.reconciler.serviceAccountName" -}}
{{- default (printf "%s-reconciler" (include "dnsguard.fullname" .)) .Values.reconciler.serviceAccount.name -}}
{{- end -}}

{{/* Names shared by several templates. */}}
{{- define "dnsguard.webhook.serviceName" -}}
{{- printf "%s-webhook" (include "dnsguard.fullname" .) -}}
{{- end -}}
{{- define "dnsguard.webhook.configName" -}}
{{- printf "%s-webhook" (include "dnsguard.fullname" .) -}}
{{- end -}}
{{- define "dnsguard.tlsSecretName" -}}
{{- default (printf "%s-webhook-tls" (include "dnsguard.fullname" .)) .Values.certificates.secretName -}}
{{- end -}}
{{- define "dnsguard.policyName" -}}
{{- default (include "dnsguard.fullname" .) .Values.policy.name -}}
{{- end -}}
{{- define "dnsguard.leaseName" -}}
{{- printf "%s-reconciler" (include "dnsguard.fullname" .) -}}
{{- end -}}
{{- define "dnsguard.certificateName" -}}
{{- printf "%s-webhook" (include "dnsguard.fullname" .) -}}
{{- end -}}

{{/*
A probe: the defaults for one endpoint with the user's fields merged over them, so that
overriding one field (e.g. periodSeconds) never drops the others (Helm would replace a whole
map given in a values file of a parent chart or a Flux HelmRelease values block).
(dict "kind" "liveness|readiness|startup" "user" .Values.webhook.livenessProbe)
*/}}
{{- define "dnsguard.probe" -}}
{{- $defaults := dict
  "liveness" (dict "httpGet" (dict "path" "/healthz" "port" "http") "initialDelaySeconds" 180 "periodSeconds" 30 "timeoutSeconds" 5 "failureThreshold" 3 "successThreshold" 1)
  "readiness" (dict "httpGet" (dict "path" "/readyz" "port" "http") "initialDelaySeconds" 30 "periodSeconds" 10 "timeoutSeconds" 5 "failureThreshold" 3 "successThreshold" 1)
  "startup" (dict "httpGet" (dict "path" "/startupz" "port" "http") "initialDelaySeconds" 0 "periodSeconds" 10 "timeoutSeconds" 5 "failureThreshold" 60 "successThreshold" 1)
-}}
{{- $probe := mergeOverwrite (deepCopy (get $defaults .kind)) (deepCopy (default dict .user)) -}}
{{- toYaml $probe -}}
{{- end -}}

{{/*
Affinity of a component: the user's affinity plus, unless it brings its own podAntiAffinity,
a per-node anti-affinity between the component's pods. (dict "root" $ "component" "webhook" "values" .Values.webhook)
*/}}
{{- define "dnsguard.affinity" -}}
{{- $affinity := deepCopy (default dict .values.affinity) -}}
{{- if and (ne .values.podAntiAffinity "none") (not (hasKey $affinity "podAntiAffinity")) -}}
{{- $term := dict "topologyKey" "kubernetes.io/hostname" "labelSelector" (dict "matchLabels" (include "dnsguard.selectorLabels" (dict "root" .root "component" .component) | fromYaml)) -}}
{{- if eq .values.podAntiAffinity "hard" -}}
{{- $_ := set $affinity "podAntiAffinity" (dict "requiredDuringSchedulingIgnoredDuringExecution" (list $term)) -}}
{{- else -}}
{{- $_ := set $affinity "podAntiAffinity" (dict "preferredDuringSchedulingIgnoredDuringExecution" (list (dict "weight" 100 "podAffinityTerm" $term))) -}}
{{- end -}}
{{- end -}}
{{- if $affinity -}}
{{- toYaml $affinity -}}
{{- end -}}
{{- end -}}

{{/*
The provider's command line flags, one list item per line. (dict "root" $ "provider" "powerdns")
*/}}
{{- define "dnsguard.providerArgs" -}}
{{- $p := .root.Values.provider -}}
- --provider
- {{ .provider }}
{{- if eq .provider "powerdns" }}
- --pdns-url
- {{ $p.powerdns.url | quote }}
- --pdns-server-id
- {{ $p.powerdns.serverId | quote }}
{{- else if eq .provider "cloudflare" }}
{{- if $p.cloudflare.proxied }}
- --cloudflare-proxied
{{- end }}
{{- else if eq .provider "route53" }}
- --aws-region
- {{ $p.route53.region | quote }}
{{- with $p.route53.assumeRoleArn }}
- --aws-assume-role
- {{ . | quote }}
{{- end }}
{{- else if eq .provider "google" }}
- --google-project
- {{ $p.google.project | quote }}
{{- else if eq .provider "azure" }}
- --azure-subscription-id
- {{ $p.azure.subscriptionId | quote }}
- --azure-resource-group
- {{ $p.azure.resourceGroup | quote }}
{{- end }}
{{- end -}}

{{/* A secretKeyRef environment variable: (dict "env" "NAME" "secret" "s" "key" "k"). */}}
{{- define "dnsguard.secretEnv" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret | quote }}
      key: {{ .key | quote }}
{{- end -}}

{{/* The provider's credentials as environment variables from existing Secrets. (dict "root" $ "provider" "powerdns") */}}
{{- define "dnsguard.providerEnv" -}}
{{- $p := .root.Values.provider -}}
{{- if eq .provider "powerdns" }}
{{ include "dnsguard.secretEnv" (dict "env" "DNSGUARD_PDNS_API_KEY" "secret" $p.powerdns.apiKeySecret.name "key" $p.powerdns.apiKeySecret.key) }}
{{- else if eq .provider "cloudflare" }}
{{ include "dnsguard.secretEnv" (dict "env" "DNSGUARD_CLOUDFLARE_API_TOKEN" "secret" $p.cloudflare.apiTokenSecret.name "key" $p.cloudflare.apiTokenSecret.key) }}
{{- else if and (eq .provider "route53") $p.route53.credentialsSecret.name }}
{{ include "dnsguard.secretEnv" (dict "env" "AWS_ACCESS_KEY_ID" "secret" $p.route53.credentialsSecret.name "key" $p.route53.credentialsSecret.accessKeyIdKey) }}
{{ include "dnsguard.secretEnv" (dict "env" "AWS_SECRET_ACCESS_KEY" "secret" $p.route53.credentialsSecret.name "key" $p.route53.credentialsSecret.secretAccessKeyKey) }}
{{- else if and (eq .provider "google") $p.google.credentialsSecret.name }}
- name: GOOGLE_APPLICATION_CREDENTIALS
  value: {{ printf "/etc/dnsguard/google/%s" $p.google.credentialsSecret.key | quote }}
{{- else if and (eq .provider "azure") $p.azure.credentialsSecret.name }}
{{ include "dnsguard.secretEnv" (dict "env" "DNSGUARD_AZURE_TENANT_ID" "secret" $p.azure.credentialsSecret.name "key" $p.azure.credentialsSecret.tenantIdKey) }}
{{ include "dnsguard.secretEnv" (dict "env" "DNSGUARD_AZURE_CLIENT_ID" "secret" $p.azure.credentialsSecret.name "key" $p.azure.credentialsSecret.clientIdKey) }}
{{ include "dnsguard.secretEnv" (dict "env" "DNSGUARD_AZURE_CLIENT_SECRET" "secret" $p.azure.credentialsSecret.name "key" $p.azure.credentialsSecret.clientSecretKey) }}
{{- else if eq .provider "hetzner" }}
{{ include "dnsguard.secretEnv" (dict "env" "DNSGUARD_HETZNER_TOKEN" "secret" $p.hetzner.tokenSecret.name "key" $p.hetzner.tokenSecret.key) }}
{{- end }}
{{- end -}}

{{/* Volumes the provider needs (the Google key file). (dict "root" $ "provider" "google") */}}
{{- define "dnsguard.providerVolumes" -}}
{{- $p := .root.Values.provider -}}
{{- if and (eq .provider "google") $p.google.credentialsSecret.name }}
- name: google-credentials
  secret:
    secretName: {{ $p.google.credentialsSecret.name | quote }}
    defaultMode: 288  # 0440
    items:
      - key: {{ $p.google.credentialsSecret.key | quote }}
        path: {{ $p.google.credentialsSecret.key | quote }}
{{- end }}
{{- end -}}
{{- define "dnsguard.providerVolumeMounts" -}}
{{- $p := .root.Values.provider -}}
{{- if and (eq .provider "google") $p.google.credentialsSecret.name }}
- name: google-credentials
  mountPath: /etc/dnsguard/google
  readOnly: true
{{- end }}
{{- end -}}

{{/* Pod labels the provider needs (Azure workload identity). */}}
{{- define "dnsguard.providerPodLabels" -}}
{{- if and (eq .provider "azure") .root.Values.provider.azure.workloadIdentity.enabled }}
azure.workload.identity/use: "true"
{{- end }}
{{- end -}}

{{/* The provider the webhook uses for ownership look-ups. */}}
{{- define "dnsguard.webhook.provider" -}}
{{- if .Values.webhook.providerLookups -}}{{ .Values.provider.name }}{{- else -}}none{{- end -}}
{{- end -}}

{{/* Rules that schemas cannot express well, failing with a message that says what to change. */}}
{{- define "dnsguard.validate" -}}
{{- if and .Values.policy.txtPrefix .Values.policy.txtSuffix -}}
{{- fail "policy.txtPrefix and policy.txtSuffix are mutually exclusive: set one of them to \"\"" -}}
{{- end -}}
{{- if and (not .Values.webhook.enabled) (not .Values.reconciler.enabled) -}}
{{- fail "webhook.enabled and reconciler.enabled are both false: nothing to install" -}}
{{- end -}}
{{- if and .Values.reconciler.enabled (eq .Values.provider.name "none") -}}
{{- fail "reconciler.enabled needs a provider: set provider.name (powerdns, cloudflare, route53, google, azure, hetzner) or reconciler.enabled=false" -}}
{{- end -}}
{{- end -}}
