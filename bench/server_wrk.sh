#!/usr/bin/env bash
# Throughput of the embedded image server at zero latency, measured with wrk
# (Debian package). Target: more than 10,000 requests/s. Figures measured
# here are recorded in bench/README.md.
# Usage: bench/server_wrk.sh [path/to/concur-bench] [seconds] [connections]
set -euo pipefail
bin=${1:-build/release/concur-bench}
seconds=${2:-10}
connections=${3:-64}
source "$(dirname "$0")/serve_helpers.sh"
start_server "$bin" 0
report=$(wrk -t2 -c"$connections" -d"${seconds}s" "$server_url")
echo "$report"
rate=$(awk '/^Requests\/sec:/ { print int($2) }' <<<"$report")
if ((rate > 10000)); then
  echo "PASS  $rate requests/s at latency 0 (target > 10000)"
else
  echo "FAIL  $rate requests/s at latency 0 (target > 10000)"
  exit 1
fi
