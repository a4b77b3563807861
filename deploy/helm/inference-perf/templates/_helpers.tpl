{{- define "inference-perf.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "inference-perf.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "inference-perf.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "inference-perf.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret the Job reads HF_TOKEN from: the existing one, else the chart's (made only when a token is given). */}}
{{- define "inference-perf.hfSecretName" -}}
{{- if .Values.hfToken.existingSecret -}}
{{- .Values.hfToken.existingSecret -}}
{{- else if .Values.hfToken.value -}}
{{- printf "%s-hf-token" (include "inference-perf.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* The config as a map, with the S3 values merged into storage. */}}
{{- define "inference-perf.config" -}}
{{- $config := .Values.config -}}
{{- if kindIs "string" $config -}}
{{- $config = fromYaml $config -}}
{{- end -}}
{{- $config = deepCopy $config -}}
{{- if .Values.s3.bucket -}}
{{- $storage := default dict (get $config "storage") -}}
{{- $s3 := dict "bucket_name" .Values.s3.bucket -}}
{{- if .Values.s3.path -}}{{- $_ := set $s3 "path" .Values.s3.path -}}{{- end -}}
{{- $_ := set $storage "simple_storage_service" $s3 -}}
{{- $_ := set $config "storage" $storage -}}
{{- end -}}
{{- toYaml $config -}}
{{- end -}}
