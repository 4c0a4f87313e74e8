{{/* The release's base name, at most 63 characters as Kubernetes names are. */}}
{{- define "seahawks.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "seahawks.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- if .Values.helmLabels }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end }}
{{- end -}}

{{- define "seahawks.nesterName" -}}
{{- printf "%s-nester" (include "seahawks.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "seahawks.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{/* The harvester endpoint as pods reach it: the nester's Service, by its cluster DNS name. */}}
{{- define "seahawks.nesterUrl" -}}
{{- if .Values.harvester.join.nesterUrl -}}
{{- .Values.harvester.join.nesterUrl -}}
{{- else -}}
{{- printf "https://%s.%s.svc:%v" (include "seahawks.nesterName" .) .Release.Namespace .Values.nester.service.agentPort -}}
{{- end -}}
{{- end -}}
