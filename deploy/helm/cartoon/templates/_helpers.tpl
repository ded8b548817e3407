{{/* Chart name. */}}
{{- define "cartoon.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped base name of every object. */}}
{{- define "cartoon.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "cartoon.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "cartoon.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "cartoon.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "cartoon.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one component: include "cartoon.selectorLabels" (list . "gateway") */}}
{{- define "cartoon.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "cartoon.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{/* Image reference of one component: include "cartoon.image" (list . .Values.gateway.image) */}}
{{- define "cartoon.image" -}}
{{- $root := index . 0 }}
{{- $image := index . 1 }}
{{- $tag := default $root.Chart.AppVersion $root.Values.image.tag }}
{{- if $root.Values.image.registry }}
{{- printf "%s/%s:%s" $root.Values.image.registry $image.repository $tag }}
{{- else }}
{{- printf "%s:%s" $image.repository $tag }}
{{- end }}
{{- end }}

{{- define "cartoon.secretName" -}}
{{- if .Values.secrets.create }}
{{- printf "%s-secrets" (include "cartoon.fullname" .) }}
{{- else }}
{{- required "secrets.existingSecret is required when secrets.create is false" .Values.secrets.existingSecret }}
{{- end }}
{{- end }}

{{- define "cartoon.configName" -}}
{{- printf "%s-config" (include "cartoon.fullname" .) }}
{{- end }}

{{/* Credentials from the Secret, as the apps' settings (both components). */}}
{{- define "cartoon.secretEnv" -}}
- name: Messaging__RabbitMq__Username
  valueFrom:
    secretKeyRef:
      name: {{ include "cartoon.secretName" . }}
      key: rabbitmq-username
- name: Messaging__RabbitMq__Password
  valueFrom:
    secretKeyRef:
      name: {{ include "cartoon.secretName" . }}
      key: rabbitmq-password
- name: Storage__S3AccessKey
  valueFrom:
    secretKeyRef:
      name: {{ include "cartoon.secretName" . }}
      key: s3-access-key
- name: Storage__S3SecretKey
  valueFrom:
    secretKeyRef:
      name: {{ include "cartoon.secretName" . }}
      key: s3-secret-key
{{- end }}

{{/* Tier names with a KEDA trigger: worker.autoscaling.tiers, else every tier of tiers.sizes. */}}
{{- define "cartoon.scaledTiers" -}}
{{- $tiers := .Values.worker.autoscaling.tiers }}
{{- if not $tiers }}
{{- $tiers = list }}
{{- range .Values.tiers.sizes }}
{{- $tiers = append $tiers .name }}
{{- end }}
{{- $tiers = append $tiers .Values.tiers.highDetailTier }}
{{- end }}
{{- join "," $tiers }}
{{- end }}

{{/* Pod and container security of the app images (gateway, workers, migration Job): the images' non-root user. */}}
{{- define "cartoon.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1654
runAsGroup: 1654
{{- end }}

{{- define "cartoon.containerSecurityContext" -}}
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
{{- end }}

{{/* Name of the trial PostgreSQL (Service and StatefulSet). */}}
{{- define "cartoon.postgresqlName" -}}
{{- printf "%s-postgresql" (include "cartoon.fullname" .) }}
{{- end }}

{{/* Secret with the connection string: database.existingSecret, else the chart's (secrets.create), else secrets.existingSecret. */}}
{{- define "cartoon.databaseSecretName" -}}
{{- if .Values.database.existingSecret }}
{{- .Values.database.existingSecret }}
{{- else if .Values.secrets.create }}
{{- printf "%s-database" (include "cartoon.fullname" .) }}
{{- else }}
{{- include "cartoon.secretName" . }}
{{- end }}
{{- end }}

{{/*
"true" when migrations run in the pre-install/pre-upgrade Job. Hooks run before the release's own objects exist, so
not with the trial PostgreSQL (it would not be there yet): then the gateway migrates at start, under a database lock.
*/}}
{{- define "cartoon.migrationJob" -}}
{{- if and .Values.database.migration.enabled (not .Values.postgresql.enabled) }}true{{ end }}
{{- end }}

{{/* Database settings of the gateway and of the migration Job (workers never use the database). */}}
{{- define "cartoon.databaseEnv" -}}
- name: Database__Provider
  value: Postgres
- name: Database__ConnectionString
  valueFrom:
    secretKeyRef:
      name: {{ include "cartoon.databaseSecretName" . }}
      key: {{ .Values.database.secretKey | quote }}
- name: Database__CommandTimeoutSeconds
  value: {{ .Values.database.commandTimeoutSeconds | int64 | quote }}
{{- end }}
