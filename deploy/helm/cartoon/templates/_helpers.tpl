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
{{- end }}
{{- join "," $tiers }}
{{- end }}
