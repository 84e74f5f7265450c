{{/* The release's name for everything it installs. */}}
{{- define "onramp.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object; pass (dict "root" $ "app" "name"). */}}
{{- define "onramp.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: onramp
{{ include "onramp.selectorLabels" . }}
{{- end -}}

{{- define "onramp.selectorLabels" -}}
app.kubernetes.io/name: {{ .app }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/*
The stream's topology, as dataflow/streams/onramp.dsl and onramp-lake.dsl define it and Data Flow would
wire it: an app's output is <streamName>.<app>, the next app reads it in the group <streamName>; the lake
sink taps the captured events in the group of its own stream. HelmChartTest checks this against the DSL.
*/}}
{{- define "onramp.streamApps" -}}
event-capture:
  image: event-capture-source
  values: eventCapture
  output: event-capture
feature-aggregator:
  image: feature-aggregator
  values: featureAggregator
  input: event-capture
  output: feature-aggregator
  redis: true
  database: true
trigger-evaluator:
  image: trigger-evaluator
  values: triggerEvaluator
  input: feature-aggregator
  output: trigger-evaluator
  redis: true
experience-sink:
  image: experience-sink
  values: experienceSink
  input: trigger-evaluator
  redis: true
event-lake-sink:
  image: event-lake-sink
  values: eventLakeSink
  input: event-capture
  tap: onramp-lake
{{- end -}}

{{/* The stateless HTTP apps, which autoscaling scales (the others are bound by their partitions). */}}
{{- define "onramp.autoscaledApps" -}}
- event-capture
- experience-sink
{{- end -}}

{{/* The image of an app: pass (dict "root" $ "app" "name"). */}}
{{- define "onramp.image" -}}
{{ printf "%s/%s:%s" .root.Values.image.registry .app .root.Values.image.tag }}
{{- end -}}

{{/* The broker's settings, by broker. */}}
{{- define "onramp.brokerEnv" -}}
- name: SPRING_CLOUD_STREAM_DEFAULTBINDER
  value: {{ .Values.broker | quote }}
{{- if eq .Values.broker "kafka" }}
- name: SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS
  value: {{ .Values.kafka.brokers | quote }}
{{- else }}
- name: SPRING_RABBITMQ_HOST
  value: {{ .Values.rabbitmq.host | quote }}
- name: SPRING_RABBITMQ_PORT
  value: {{ .Values.rabbitmq.port | quote }}
- name: SPRING_RABBITMQ_USERNAME
  value: {{ .Values.rabbitmq.username | quote }}
- name: SPRING_RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.rabbitmq.existingSecret }}
      key: rabbitmq-password
{{- end }}
{{- end -}}

{{- define "onramp.redisEnv" -}}
- name: SPRING_DATA_REDIS_HOST
  value: {{ .Values.redis.host | quote }}
- name: SPRING_DATA_REDIS_PORT
  value: {{ .Values.redis.port | quote }}
{{- if .Values.redis.existingSecret }}
- name: SPRING_DATA_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redis.existingSecret }}
      key: redis-password
{{- end }}
{{- end -}}

{{- define "onramp.databaseEnv" -}}
- name: SPRING_DATASOURCE_URL
  value: {{ .Values.postgresql.url | quote }}
- name: SPRING_DATASOURCE_USERNAME
  value: {{ .Values.postgresql.username | quote }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.postgresql.existingSecret }}
      key: password
{{- end -}}

{{/* What every app container gets: the JVM's options and a writable /tmp on a read-only root. */}}
{{- define "onramp.jvmEnv" -}}
- name: JAVA_TOOL_OPTIONS
  value: {{ .Values.javaToolOptions | quote }}
{{- end -}}

{{/* Fails the install on values that contradict each other, saying which. */}}
{{- define "onramp.validateValues" -}}
{{- if not (has .Values.broker (list "kafka" "rabbit")) -}}
{{- fail (printf "broker must be kafka or rabbit, not %q" .Values.broker) -}}
{{- end -}}
{{- if and (eq .Values.broker "rabbit") (not .Values.rabbitmq.existingSecret) -}}
{{- fail "broker=rabbit needs rabbitmq.existingSecret (a Secret with the key rabbitmq-password)" -}}
{{- end -}}
{{- if not .Values.secrets.existingSecret -}}
{{- fail "secrets.existingSecret is required: a Secret with stream-token-secret, erasure-token, write-key-sha256 and admin-password" -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- fail (printf "autoscaling.minReplicas (%d) is above autoscaling.maxReplicas (%d)" (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- end -}}
{{- if not .Values.postgresql.existingSecret -}}
{{- fail "postgresql.existingSecret is required: a Secret with the database password (key password)" -}}
{{- end -}}
{{- end -}}
