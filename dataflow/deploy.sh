#!/usr/bin/env bash
# Registers Onramp's apps with a Data Flow server, creates the streams and the nightly composed task from
# the DSL files here, and deploys the streams with the deployment properties for a platform and broker.
# Running it again is an upgrade: definitions that exist are kept, deployed streams are updated with the
# properties (Skipper's rolling upgrade; nothing restarts when nothing changed).
#
#   dataflow/deploy.sh <local|kubernetes> <kafka|rabbit> [maven|file|docker]
#
# DATAFLOW_URL (default http://localhost:9393) names the server; ONRAMP_EXTRA_PROPERTIES may name a file of
# further deployment properties (yours win). ${NAME} placeholders in the property
# files are filled from the environment (see dataflow/README.md); an unset one stops the script.
# Only curl is needed; DRY_RUN=1 prints the requests instead of sending them. dataflow/undeploy.sh takes
# it all down again.
set -euo pipefail

platform=${1:?usage: deploy.sh <local|kubernetes> <kafka|rabbit> [maven|file|docker]}
broker=${2:?usage: deploy.sh <local|kubernetes> <kafka|rabbit> [maven|file|docker]}
source=${3:-maven}
here=$(cd "$(dirname "$0")" && pwd)
export ONRAMP_HOME=${ONRAMP_HOME:-$(dirname "$here")}
DATAFLOW_URL=${DATAFLOW_URL:-http://localhost:9393}
# The main stream before the tap on it.
STREAMS=(onramp onramp-lake)

# The file's lines without comments and blank lines, ${NAME} filled from the environment.
fill() {
	local line name
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in '' | '#'*) continue ;; esac
		while [[ $line =~ \$\{([A-Z_][A-Z0-9_]*)\} ]]; do
			name=${BASH_REMATCH[1]}
			if [ -z "${!name+x}" ]; then
				echo "deploy.sh: $1 needs \$$name; set it in the environment" >&2
				exit 2
			fi
			line=${line//"\${$name}"/${!name}}
		done
		printf '%s\n' "$line"
	done < "$1"
}

# A JSON object of key=value lines (for POST /streams/deployments).
json() {
	local first=1 key value
	printf '{'
	while IFS= read -r line; do
		key=${line%%=*}
		value=${line#*=}
		value=${value//\\/\\\\}
		value=${value//\"/\\\"}
		[ $first -eq 1 ] || printf ','
		printf '"%s":"%s"' "$key" "$value"
		first=0
	done
	printf '}'
}

# The definition in a DSL file: its lines without comments, joined.
definition() {
	grep -v '^[[:space:]]*#' "$1" | tr '\n' ' ' | sed 's/  */ /g; s/^ //; s/ $//'
}

call() {
	local method=$1 path=$2
	shift 2
	if [ -n "${DRY_RUN:-}" ]; then
		printf '%s %s\n' "$method" "$path"; printf '    %s\n' "$@"
		return
	fi
	local status
	status=$(curl -sS -o /tmp/onramp-dataflow.$$ -w '%{http_code}' -X "$method" "$DATAFLOW_URL$path" "$@")
	if [ "${status:0:1}" != 2 ]; then
		echo "deploy.sh: $method $path answered $status: $(cat /tmp/onramp-dataflow.$$)" >&2
		rm -f /tmp/onramp-dataflow.$$
		exit 1
	fi
	rm -f /tmp/onramp-dataflow.$$
}

# The status a GET answers (200, 404, ...), its body in $answer.
probe() {
	if [ -n "${DRY_RUN:-}" ]; then
		answer=''
		echo 404
		return
	fi
	curl -sS -o /tmp/onramp-dataflow-probe.$$ -w '%{http_code}' "$DATAFLOW_URL$1"
}

# A stream or task definition, created unless it exists (Data Flow cannot change a definition in place:
# a changed DSL file needs undeploy.sh first, which this says).
define() {
	local kind=$1 name=$2 dsl=$3 status
	status=$(probe "/$kind/definitions/$name")
	if [ "$status" = 200 ]; then
		if ! grep -qF -- "$dsl" /tmp/onramp-dataflow-probe.$$; then
			echo "deploy.sh: ${kind%s} $name exists with another definition; run undeploy.sh to replace it with: $dsl" >&2
		fi
		echo "Keeping ${kind%s} $name"
	else
		echo "Creating ${kind%s} $name: $dsl"
		if [ "$kind" = streams ]; then
			call POST /streams/definitions --data-urlencode "name=$name" --data-urlencode "definition=$dsl" --data-urlencode deploy=false
		else
			call POST /tasks/definitions --data-urlencode "name=$name" --data-urlencode "definition=$dsl"
		fi
	fi
	rm -f /tmp/onramp-dataflow-probe.$$
}

# Deploys a stream, or updates it where it is deployed. The properties carry their own checksum
# (app.*.onramp.deployment.checksum), so a deployed stream whose deployment has it is left alone (Skipper
# refuses an upgrade without a difference) and any other is upgraded.
deploy() {
	local name=$1 properties=$2 checksum=$3 status
	status=$(probe "/streams/definitions/$name")
	if [ "$status" = 200 ] && grep -qE '"status" *: *"(deployed|deploying|partial)"' /tmp/onramp-dataflow-probe.$$; then
		status=$(probe "/streams/deployments/$name")
		if [ "$status" = 200 ] && grep -qF "$checksum" /tmp/onramp-dataflow-probe.$$; then
			echo "Stream $name is deployed with these properties already"
		else
			echo "Updating stream $name on $platform with $broker"
			call POST "/streams/deployments/update/$name" -H 'Content-Type: application/json' --data-binary \
				"{\"releaseName\":\"$name\",\"packageIdentifier\":{\"packageName\":\"$name\"},\"updateProperties\":$properties,\"force\":false}"
		fi
	else
		echo "Deploying stream $name on $platform with $broker"
		call POST "/streams/deployments/$name" -H 'Content-Type: application/json' --data-binary "$properties"
	fi
	rm -f /tmp/onramp-dataflow-probe.$$
}

echo "Registering Onramp's apps ($source) with $DATAFLOW_URL"
call POST /apps --data-urlencode "apps=$(fill "$here/apps/onramp-$source.properties")" --data-urlencode force=true

for name in "${STREAMS[@]}"; do
	define streams "$name" "$(definition "$here/streams/$name.dsl")"
done

for file in "$here"/tasks/*.dsl; do
	define tasks "$(basename "$file" .dsl)" "$(definition "$file")"
done

# ONRAMP_EXTRA_PROPERTIES may name one more file of deployment properties; a later file's value wins. A
# property left empty is not sent: Data Flow renders deployment properties into the stream's DSL, which
# has no empty values (an empty database password, say, simply means none).
extra=${ONRAMP_EXTRA_PROPERTIES:-}
properties=$( { fill "$here/deploy/common.properties"; fill "$here/deploy/$platform-$broker.properties"
	if [ -n "$extra" ]; then fill "$extra"; fi; } | awk -F= '{ key = $1; if (!(key in value)) order[n++] = key; value[key] = $0 }
	END { for (i = 0; i < n; i++) if (value[order[i]] !~ /=$/) print value[order[i]] }')
for name in "${STREAMS[@]}"; do
	file=$here/streams/$name.dsl
	# Only the properties of this stream's apps (app.* and deployer.* for all of them).
	apps=$(definition "$file" | grep -oE '(^|[|>] *)[a-z][a-z0-9-]*' | grep -oE '[a-z][a-z0-9-]*$' | tr '\n' '|')
	mine=$(printf '%s\n' "$properties" | grep -E "^(app|deployer)\.(\*|${apps%|})\." || true)
	checksum=$(printf '%s\n' "$mine" | sha256sum | cut -c1-32)
	deploy "$name" "$(printf '%s\napp.*.onramp.deployment.checksum=%s\n' "$mine" "$checksum" | json)" "$checksum"
done
echo "Done. Launch the nightly DAG with: curl -X POST '$DATAFLOW_URL/tasks/executions?name=onramp-nightly'"
