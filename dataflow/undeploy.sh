#!/usr/bin/env bash
# Undeploys and destroys the streams and the task that dataflow/deploy.sh created. DATAFLOW_URL as there.
# One that does not exist is fine; one the server refuses to destroy (Skipper still upgrading it, say) is
# reported, and the script exits 1 once it has tried them all.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
DATAFLOW_URL=${DATAFLOW_URL:-http://localhost:9393}
failed=0
# The tap before the stream it taps.
for file in "$here"/streams/onramp-lake.dsl "$here"/streams/onramp.dsl "$here"/tasks/*.dsl; do
	name=$(basename "$file" .dsl)
	case "$file" in
		*/streams/*) kind=stream path=/streams/definitions/$name ;;
		*) kind=task path=/tasks/definitions/$name ;;
	esac
	status=$(curl -sS -o /tmp/onramp-undeploy.$$ -w '%{http_code}' -X DELETE "$DATAFLOW_URL$path")
	case "$status" in
		2*) echo "${kind^} $name destroyed" ;;
		404) echo "${kind^} $name does not exist" ;;
		*) echo "undeploy.sh: destroying $kind $name answered $status: $(cat /tmp/onramp-undeploy.$$)" >&2; failed=1 ;;
	esac
	rm -f /tmp/onramp-undeploy.$$
done
exit $failed
