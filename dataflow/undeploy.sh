#!/usr/bin/env bash
# Undeploys and destroys the streams and the task that dataflow/deploy.sh created. DATAFLOW_URL as there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
DATAFLOW_URL=${DATAFLOW_URL:-http://localhost:9393}
# The tap before the stream it taps.
for file in "$here"/streams/onramp-lake.dsl "$here"/streams/onramp.dsl "$here"/tasks/*.dsl; do
	name=$(basename "$file" .dsl)
	case "$file" in
		*/streams/*) curl -sS -o /dev/null -X DELETE "$DATAFLOW_URL/streams/definitions/$name" && echo "Stream $name destroyed" ;;
		*/tasks/*) curl -sS -o /dev/null -X DELETE "$DATAFLOW_URL/tasks/definitions/$name" && echo "Task $name destroyed" ;;
	esac
done
