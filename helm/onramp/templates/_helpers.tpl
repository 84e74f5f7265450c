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

{{/*
The stream apps this chart runs itself: all of them, or none in Data Flow mode, where the Data Flow
server deploys the streams (templates/dataflow-deploy.yaml) and owns their pods.
*/}}
{{- define "onramp.chartStreamApps" -}}
{{- if not .Values.dataflow.enabled -}}
{{ include "onramp.streamApps" . }}
{{- end -}}
{{- end -}}

{{/* The stateless HTTP apps, which autoscaling scales (the others are bound by their partitions). */}}
{{- define "onramp.autoscaledApps" -}}
{{- if not .Values.dataflow.enabled -}}
- event-capture
- experience-sink
{{- end -}}
{{- end -}}

{{/* The image of an app: pass (dict "root" $ "app" "name"). */}}
{{- define "onramp.image" -}}
{{ printf "%s/%s:%s" .root.Values.image.registry .app .root.Values.image.tag }}
{{- end -}}

{{/*
Where the services are and which Secrets hold their passwords: the values' external services, or with
bundled.enabled the release's own (templates/bundled.yaml; passwords in the Secret <fullname>-bundled).
*/}}
{{- define "onramp.services" -}}
{{- $name := include "onramp.fullname" . -}}
{{- if .Values.bundled.enabled -}}
kafkaBrokers: {{ printf "%s-kafka:9092" $name }}
rabbitHost: {{ printf "%s-rabbitmq" $name }}
rabbitPort: 5672
rabbitUsername: onramp
rabbitSecret: {{ printf "%s-bundled" $name }}
redisHost: {{ printf "%s-redis" $name }}
redisPort: 6379
redisSecret: {{ printf "%s-bundled" $name }}
postgresUrl: {{ printf "jdbc:postgresql://%s-postgresql:5432/onramp" $name }}
postgresUsername: onramp
postgresSecret: {{ printf "%s-bundled" $name }}
{{- else -}}
kafkaBrokers: {{ .Values.kafka.brokers | quote }}
rabbitHost: {{ .Values.rabbitmq.host | quote }}
rabbitPort: {{ .Values.rabbitmq.port }}
rabbitUsername: {{ .Values.rabbitmq.username | quote }}
rabbitSecret: {{ .Values.rabbitmq.existingSecret | quote }}
redisHost: {{ .Values.redis.host | quote }}
redisPort: {{ .Values.redis.port }}
redisSecret: {{ .Values.redis.existingSecret | quote }}
postgresUrl: {{ .Values.postgresql.url | quote }}
postgresUsername: {{ .Values.postgresql.username | quote }}
postgresSecret: {{ .Values.postgresql.existingSecret | quote }}
{{- end -}}
{{- end -}}

{{/* The broker's settings, by broker. */}}
{{- define "onramp.brokerEnv" -}}
{{- $s := include "onramp.services" . | fromYaml -}}
- name: SPRING_CLOUD_STREAM_DEFAULTBINDER
  value: {{ .Values.broker | quote }}
{{- if eq .Values.broker "kafka" }}
- name: SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS
  value: {{ $s.kafkaBrokers | quote }}
{{- else }}
- name: SPRING_RABBITMQ_HOST
  value: {{ $s.rabbitHost | quote }}
- name: SPRING_RABBITMQ_PORT
  value: {{ $s.rabbitPort | quote }}
- name: SPRING_RABBITMQ_USERNAME
  value: {{ $s.rabbitUsername | quote }}
- name: SPRING_RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $s.rabbitSecret }}
      key: rabbitmq-password
{{- end }}
{{- end -}}

{{- define "onramp.redisEnv" -}}
{{- $s := include "onramp.services" . | fromYaml -}}
- name: SPRING_DATA_REDIS_HOST
  value: {{ $s.redisHost | quote }}
- name: SPRING_DATA_REDIS_PORT
  value: {{ $s.redisPort | quote }}
{{- if $s.redisSecret }}
- name: SPRING_DATA_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $s.redisSecret }}
      key: redis-password
{{- end }}
{{- end -}}

{{- define "onramp.databaseEnv" -}}
{{- $s := include "onramp.services" . | fromYaml -}}
- name: SPRING_DATASOURCE_URL
  value: {{ $s.postgresUrl | quote }}
- name: SPRING_DATASOURCE_USERNAME
  value: {{ $s.postgresUsername | quote }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $s.postgresSecret }}
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
{{- if and (eq .Values.broker "rabbit") (not .Values.rabbitmq.existingSecret) (not .Values.bundled.enabled) -}}
{{- fail "broker=rabbit needs rabbitmq.existingSecret (a Secret with the key rabbitmq-password), or bundled.enabled" -}}
{{- end -}}
{{- if not .Values.secrets.existingSecret -}}
{{- fail "secrets.existingSecret is required: a Secret with stream-token-secret, erasure-token, write-key-sha256 and admin-password" -}}
{{- end -}}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- fail (printf "autoscaling.minReplicas (%d) is above autoscaling.maxReplicas (%d)" (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) -}}
{{- end -}}
{{- if and (not .Values.postgresql.existingSecret) (not .Values.bundled.enabled) -}}
{{- fail "postgresql.existingSecret is required: a Secret with the database password (key password), or bundled.enabled" -}}
{{- end -}}
{{- end -}}


{{/*
Data Flow mode's deployment properties beside dataflow/deploy/ (which they override): the services from
these values, and each app's secrets as references to the Secrets named here (the Kubernetes deployer's
secretKeyRefs), so no credential is a deployment property.
*/}}
{{- define "onramp.dataflowProperties" -}}
{{- $s := include "onramp.services" . | fromYaml -}}
# From the values of release {{ .Release.Name }}.
{{- if eq .Values.broker "kafka" }}
app.*.spring.cloud.stream.kafka.binder.brokers={{ $s.kafkaBrokers }}
{{- else }}
app.*.spring.rabbitmq.host={{ $s.rabbitHost }}
app.*.spring.rabbitmq.port={{ $s.rabbitPort }}
app.*.spring.rabbitmq.username={{ $s.rabbitUsername }}
{{- end }}
{{- range $app := list "feature-aggregator" "trigger-evaluator" "experience-sink" }}
app.{{ $app }}.spring.data.redis.host={{ $s.redisHost }}
app.{{ $app }}.spring.data.redis.port={{ $s.redisPort }}
{{- end }}
app.feature-aggregator.spring.datasource.url={{ $s.postgresUrl }}
app.feature-aggregator.spring.datasource.username={{ $s.postgresUsername }}
app.event-lake-sink.onramp.lake.s3.bucket={{ .Values.apps.eventLakeSink.lakeBucket }}
{{- $secrets := .Values.secrets.existingSecret }}
{{- $refs := dict
  "event-capture" (list (list (printf "ONRAMP_CAPTURE_WRITEKEYS_%s_KEYSHA256" (.Values.capture.application | upper | replace "-" "")) $secrets "write-key-sha256"))
  "feature-aggregator" (list (list "SPRING_DATASOURCE_PASSWORD" $s.postgresSecret "password") (list "ONRAMP_AGGREGATOR_ERASURETOKEN" $secrets "erasure-token"))
  "trigger-evaluator" (list)
  "experience-sink" (list (list "ONRAMP_SINK_STREAMTOKENSECRET" $secrets "stream-token-secret"))
  "event-lake-sink" (list) }}
{{- range $app := keys $refs | sortAlpha }}
{{- $mine := index $refs $app }}
{{- if and $s.redisSecret (has $app (list "feature-aggregator" "trigger-evaluator" "experience-sink")) }}
{{- $mine = append $mine (list "SPRING_DATA_REDIS_PASSWORD" $s.redisSecret "redis-password") }}
{{- end }}
{{- if eq $.Values.broker "rabbit" }}
{{- $mine = append $mine (list "SPRING_RABBITMQ_PASSWORD" $s.rabbitSecret "rabbitmq-password") }}
{{- end }}
{{- if $mine }}
{{- $entries := list }}
{{- range $ref := $mine }}
{{- $entries = append $entries (printf "{envVarName: '%s', secretName: '%s', dataKey: '%s'}" (index $ref 0) (index $ref 1) (index $ref 2)) }}
{{- end }}
deployer.{{ $app }}.kubernetes.secretKeyRefs=[{{ join ", " $entries }}]
{{- end }}
{{- end }}
{{- end -}}

{{/*
The bundled services (templates/bundled.yaml): the chosen broker, Redis and Postgres from their official
images, each as its image's non-root user, on a read-only root with scratch directories where it writes.
*/}}
{{- define "onramp.bundledServices" -}}
{{- $name := include "onramp.fullname" . -}}
{{- $secret := printf "%s-bundled" $name -}}
postgresql:
  values: postgresql
  uid: 999
  port: 5432
  portName: postgresql
  dataPath: /var/lib/postgresql/data
  scratch: [/tmp, /var/run/postgresql]
  env:
    - {name: POSTGRES_USER, value: onramp}
    - {name: POSTGRES_DB, value: onramp}
    - {name: PGDATA, value: /var/lib/postgresql/data/pgdata}
    - name: POSTGRES_PASSWORD
      valueFrom: {secretKeyRef: {name: {{ $secret }}, key: password}}
  liveness:
    exec: {command: [pg_isready, -U, onramp, -d, onramp, -h, 127.0.0.1]}
  readiness:
    exec: {command: [pg_isready, -U, onramp, -d, onramp, -h, 127.0.0.1]}
redis:
  values: redis
  uid: 999
  port: 6379
  portName: redis
  dataPath: /data
  scratch: [/tmp]
  command: [redis-server]
  {{- /* Synced before every answer: with everysec a Redis crash can lose updates the aggregator was already told were written (docs/reliability.md). */}}
  args: ["--requirepass", "$(REDIS_PASSWORD)", "--appendonly", "yes", "--appendfsync", "always", "--dir", "/data"]
  env:
    - name: REDIS_PASSWORD
      valueFrom: {secretKeyRef: {name: {{ $secret }}, key: redis-password}}
  liveness:
    tcpSocket: {port: redis}
  readiness:
    exec: {command: [sh, -c, 'REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli ping | grep -q PONG']}
{{- if eq .Values.broker "kafka" }}
kafka:
  values: kafka
  uid: 1000
  port: 9092
  portName: kafka
  dataPath: /var/lib/kafka/data
  scratch: [/tmp]
  command: [sh, -c]
  args:
    - >-
      /opt/kafka/bin/kafka-storage.sh format --ignore-formatted -t MkU3OEVBNTcwNTJENDM2Qg
      -c /etc/onramp-kafka/server.properties &&
      exec /opt/kafka/bin/kafka-server-start.sh /etc/onramp-kafka/server.properties
  env:
    - {name: LOG_DIR, value: /tmp/kafka-logs}
    - {name: KAFKA_HEAP_OPTS, value: "-XX:MaxRAMPercentage=60"}
  liveness:
    tcpSocket: {port: kafka}
  readiness:
    tcpSocket: {port: kafka}
{{- else }}
rabbitmq:
  values: rabbitmq
  uid: 999
  port: 5672
  portName: amqp
  dataPath: /var/lib/rabbitmq
  scratch: [/tmp]
  env:
    - {name: RABBITMQ_DEFAULT_USER, value: onramp}
    - name: RABBITMQ_DEFAULT_PASS
      valueFrom: {secretKeyRef: {name: {{ $secret }}, key: rabbitmq-password}}
  liveness:
    exec: {command: [rabbitmq-diagnostics, -q, ping]}
  readiness:
    exec: {command: [rabbitmq-diagnostics, -q, check_port_connectivity]}
{{- end }}
{{- end -}}
