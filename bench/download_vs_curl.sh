#!/usr/bin/env bash
# Our async model against curl's own event loop: the same 10 images from the
# same `concur-bench serve` (latency 50 ms), fetched by
# `curl --parallel --parallel-max 10` and by `concur-bench download --models
# async --url`. Medians of 9 runs each. curl's time includes its process
# start (a few ms); ours is the timed cell only, and writes real files.
# Target: our async row at least as fast (ratio curl / ours >= 1).
# Usage: bench/download_vs_curl.sh [path/to/concur-bench] [latency_ms] [images]
set -euo pipefail
bin=${1:-build/release/concur-bench}
latency=${2:-50}
images=${3:-10}
runs=9
source "$(dirname "$0")/serve_helpers.sh"
start_server "$bin" "$latency"

curl_args=(--silent --no-progress-meter --show-error --fail --parallel --parallel-max 10)
for ((i = 0; i < images; i++)); do curl_args+=("${server_url}?i=$i" -o /dev/null); done
curl "${curl_args[@]}"  # warm-up, and fail early if curl cannot fetch
curl_times=()
for ((r = 0; r < runs; r++)); do
  start=$(date +%s%N)
  curl "${curl_args[@]}"
  curl_times+=($(( $(date +%s%N) - start )))
done
curl_median=$(printf '%s\n' "${curl_times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.6f", a[int((NR + 1) / 2)] / 1e9 }')

csv=$("$bin" download --models async --url "$server_url" --images "$images" --workers 10 \
        --repetitions "$runs" --format csv --quiet)
ours=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
                $col["model"] == "async" && $col["status"] == "ok" { print $col["median_s"] }' <<<"$csv")
[[ -n $ours ]] || { echo "our async cell failed:"; echo "$csv"; exit 1; }

awk -v curl="$curl_median" -v ours="$ours" -v n="$images" -v latency="$latency" 'BEGIN {
  ratio = curl / ours
  printf "curl --parallel --parallel-max 10: %.1f ms   concur-bench async: %.1f ms   (%d images, %d ms latency)\n",
         curl * 1000, ours * 1000, n, latency
  printf "%s  ratio curl/async = %.2f (target >= 1.00)\n", (ratio >= 1 ? "PASS" : "FAIL"), ratio
  if (ratio < 1) exit 1
}'
